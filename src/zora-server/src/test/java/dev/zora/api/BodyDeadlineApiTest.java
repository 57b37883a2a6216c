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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles its upload is answered 408 at the body deadline, and the server serves on.
 */
@QuarkusTest
@TestProfile(BodyDeadlineApiTest.ShortDeadline.class)
class BodyDeadlineApiTest {
  public static class ShortDeadline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("zora.limits.body-deadline", "2s");
    }
  }

  @TestHTTPResource("/")
  URI server;

  @Test
  void aTrickledUploadGets408AtTheDeadline() throws Exception {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/transcriptions HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\n"
                  + "Content-Length: 100000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      InputStream in = socket.getInputStream();
      for (int i = 0;
          i < 30 && in.available() == 0;
          i++) { // a byte every 100 ms: never idle, never done
        out.write(0);
        out.flush();
        Thread.sleep(100);
      }
      String answer = new String(in.readNBytes(200), StandardCharsets.US_ASCII);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/problem+json"), answer);
      assertTrue(seconds < 3.5, "answered after " + seconds + " s");
    }
    given().when().get("/q/health/ready").then().statusCode(200);
  }
}
