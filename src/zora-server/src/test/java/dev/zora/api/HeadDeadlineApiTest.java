package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request whose head never finishes is closed at quarkus.http.idle-timeout however it trickles: a
 * header byte every half second does not keep the connection (Vert.x' idle timer is not reset by
 * the bytes of a head that is not whole; measured, with and without cleartext HTTP/2).
 */
@QuarkusTest
@TestProfile(HeadDeadlineApiTest.ShortIdleTimeout.class)
class HeadDeadlineApiTest {
  public static class ShortIdleTimeout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.idle-timeout", "3s");
    }
  }

  @TestHTTPResource("/")
  URI server;

  @Test
  void aTrickledHeadIsClosedAtTheIdleTimeout() throws Exception {
    long started = System.nanoTime();
    boolean closed = false;
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] head =
          ("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100))
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < head.length && !closed; i++) {
        try {
          out.write(head[i]);
          out.flush();
          closed = in.read() < 0; // waits up to 500 ms: a byte every half second
        } catch (SocketTimeoutException stillOpen) {
          // the server said nothing yet
        } catch (SocketException reset) {
          closed = true;
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertTrue(closed, "the trickled head was never closed");
    assertTrue(
        seconds > 2.5 && seconds < 5, "closed after " + seconds + " s, the idle timeout is 3 s");
    given().when().get("/q/health/ready").then().statusCode(200);
  }
}
