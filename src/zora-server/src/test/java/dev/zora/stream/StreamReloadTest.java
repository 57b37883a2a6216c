package dev.zora.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.zora.audio.WavDecoder;
import dev.zora.testing.Bundles;
import dev.zora.testing.Golden;
import dev.zora.testing.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A live stream across a reload that replaces its model: it finishes on the model it started with.
 */
@QuarkusTest
@TestProfile(StreamReloadTest.CopiedCtcModel.class)
class StreamReloadTest {
  private static final String MODEL = "digits-ctc";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Path MODELS = temporaryFolder();
  private static final Golden STRING =
      Golden.all(Golden.MODELS.resolve(MODEL)).stream()
          .filter(g -> g.name().startsWith("fsdd-string"))
          .findFirst()
          .orElseThrow();

  /** A models folder of its own holding a copy of digits-ctc, the default model here. */
  public static class CopiedCtcModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        if (!Files.exists(MODELS.resolve(MODEL))) {
          Bundles.copyWithEditedGraph(
              Golden.MODELS.resolve(MODEL), MODELS, "model.onnx", UnaryOperator.identity());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.of("zora.models.dir", MODELS.toString(), "zora.models.default-model", MODEL);
    }
  }

  @TestHTTPResource("/v1/stream")
  URI stream;

  @Test
  void aStreamStartedBeforeAReloadThatReplacesItsModelStillGetsItsFinal() throws Exception {
    byte[] wav = STRING.wavBytes();
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    byte[] pcm = StreamApiTest.pcm(wav);
    int half = pcm.length / 4 * 2; // on a sample boundary
    StreamClient client =
        StreamClient.connect(stream)
            .start(MODEL, header.sampleRate(), "pcm_s16le", header.channels())
            .audioInFrames(Arrays.copyOf(pcm, half), 320);
    awaitReady(client);

    Path manifest = MODELS.resolve(MODEL).resolve("zora.json");
    // A new version of the same bundle, whatever version the recipe last wrote.
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replaceFirst("\"version\": \"([^\"]+)\"", "\"version\": \"$1-reloaded\""));
    given()
        .when()
        .post("/v1/models/reload")
        .then()
        .statusCode(200)
        .body("data.find { it.id == 'digits-ctc' }.state", equalTo("ready"))
        .body("data.find { it.id == 'digits-ctc' }.version", endsWith("-reloaded"));

    client.audioInFrames(Arrays.copyOfRange(pcm, half, pcm.length), 320).stop();
    StreamClient.Closed closed = client.awaitClose(TIMEOUT);
    assertEquals(1000, closed.code(), closed.reason() + " " + client.messages());
    String expected = StreamApiTest.fileText(wav, MODEL);
    assertFalse(expected.isEmpty());
    assertEquals(expected, client.finalText(), client.messages().toString());
  }

  private static void awaitReady(StreamClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (client.ofType("ready").isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no ready message within " + TIMEOUT + "; got " + client.messages());
      }
      Thread.sleep(10);
    }
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("zora-stream-reload-models");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
