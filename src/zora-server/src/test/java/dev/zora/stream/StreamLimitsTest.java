package dev.zora.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zora.testing.Golden;
import dev.zora.testing.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The connection limit, the idle timeout and the session length, each ending a stream with its
 * code.
 */
@QuarkusTest
@TestProfile(StreamLimitsTest.TightLimits.class)
class StreamLimitsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public static class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.stream.max-connections",
          "2",
          "zora.stream.idle-timeout",
          "1s",
          "zora.stream.max-session",
          "3s");
    }
  }

  @TestHTTPResource("/v1/stream")
  URI stream;

  private static JsonNode onlyError(StreamClient client) {
    List<JsonNode> errors = client.ofType("error");
    assertEquals(1, errors.size(), client.messages().toString());
    return errors.get(0);
  }

  /**
   * A started stream, retried for a few seconds while the server still refuses it: a connection
   * that another test (or this one) just dropped frees its slot when the server sees it close.
   */
  private StreamClient admitted() throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      StreamClient client = StreamClient.connect(stream);
      try {
        client.start("digits-cnn", 8000, "pcm_s16le", 1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.messages().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        if (client.ofType("ready").size() == 1) {
          return client;
        }
      } catch (CompletionException refusedAndClosed) {
        // the refusal's close overtook the start message
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no stream was admitted within 5 s");
  }

  @Test
  void aConnectionOverTheLimitIsRefusedAndADroppedOneFreesItsSlot() throws Exception {
    StreamClient first = admitted();
    StreamClient second = admitted();
    StreamClient third = StreamClient.connect(stream);
    assertEquals(1013, third.awaitClose(TIMEOUT).code());
    assertEquals("too_many_connections", onlyError(third).get("code").asText());

    first.abort();
    StreamClient next = admitted();
    assertEquals(1000, next.stop().awaitClose(TIMEOUT).code());
    assertEquals(1000, second.stop().awaitClose(TIMEOUT).code());
  }

  @Test
  void anIdleStreamIsEndedAfterItsFinalsAreSent() {
    byte[] wav = Golden.all(Golden.DIGITS_CNN).get(0).wavBytes();
    StreamClient client =
        StreamClient.connect(stream)
            .start("digits-cnn", 8000, "pcm_s16le", 1)
            .audio(StreamApiTest.pcm(wav));
    StreamClient.Closed closed = client.awaitClose(TIMEOUT);
    assertEquals(1008, closed.code());
    assertEquals("idle_timeout", onlyError(client).get("code").asText());
    assertEquals(
        1,
        client.ofType("final").size(),
        "the audio sent was still transcribed: " + client.messages());
  }

  @Test
  void aStreamIsEndedAtTheLongestSessionEvenWhileAudioFlows() throws Exception {
    StreamClient client = StreamClient.connect(stream).start("digits-cnn", 8000, "pcm_s16le", 1);
    long start = System.nanoTime();
    while (client.messages().stream().noneMatch(m -> m.get("type").asText().equals("error"))
        && System.nanoTime() - start < TIMEOUT.toNanos()) {
      try {
        client.audio(new byte[1600]);
      } catch (CompletionException closedMeanwhile) {
        break; // the server's close overtook this frame
      }
      Thread.sleep(100);
    }
    StreamClient.Closed closed = client.awaitClose(TIMEOUT);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(1008, closed.code());
    assertEquals("session_too_long", onlyError(client).get("code").asText());
    assertTrue(seconds >= 2.5 && seconds < 10, "ended after " + seconds + " s");
  }
}
