package dev.zora.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Clients that vanish mid-stream (a TCP reset after the start message and some audio) are counted
 * as transport failures, not logged as server errors, and leave the server streaming for others.
 */
@QuarkusTest
class VanishingClientsTest {
  private static final Pattern FAILURES =
      Pattern.compile("zora_stream_transport_failures_total (\\S+)");

  @TestHTTPResource("/v1/stream")
  URI stream;

  @Test
  void aResetMidStreamIsCountedAndTheServerStreamsOn() throws Exception {
    double before = failures();
    for (int i = 0; i < 5; i++) {
      resetAfterStarting();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (failures() < before + 5 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(failures() >= before + 5, "5 resets counted, got " + (failures() - before));
    given().when().get("/q/health/ready").then().statusCode(200);
  }

  private void resetAfterStarting() throws Exception {
    try (Socket socket = new Socket(stream.getHost(), stream.getPort())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String key = Base64.getEncoder().encodeToString(new byte[16]);
      out.write(
          ("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: "
                  + key
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      assertTrue(
          in.readNBytes(head, 0, 12) == 12
              && new String(head, StandardCharsets.US_ASCII).contains("101"));
      out.write(
          maskedFrame(
              0x81,
              "{\"type\":\"start\",\"sampleRate\":8000,\"encoding\":\"pcm_s16le\"}"
                  .getBytes(StandardCharsets.UTF_8)));
      out.write(maskedFrame(0x82, new byte[100]));
      out.flush();
      Thread.sleep(200);
      socket.setSoLinger(true, 0); // close with a reset, as a client whose network dropped
    }
  }

  /** One client frame (masked with a zero key, which leaves the payload as it is). */
  private static byte[] maskedFrame(int opcode, byte[] payload) {
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) opcode;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }

  private static double failures() {
    Matcher m = FAILURES.matcher(given().when().get("/q/metrics").then().extract().asString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
