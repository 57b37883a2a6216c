package dev.zora.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.WavDecoder;
import dev.zora.testing.Golden;
import dev.zora.testing.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What streams did shows in /q/metrics: audio seconds and finals per model, errors by code. */
@QuarkusTest
class StreamMetricsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TestHTTPResource("/v1/stream")
  URI stream;

  @Test
  void audioFinalsAndErrorsAreCounted() {
    Golden string =
        Golden.all(Golden.MODELS.resolve("digits-ctc")).stream()
            .filter(g -> g.name().startsWith("fsdd-string"))
            .findFirst()
            .orElseThrow();
    byte[] wav = string.wavBytes();
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    double audioBefore = value("zora_stream_audio_seconds_total{model=\"digits-ctc\"}");
    double finalsBefore = value("zora_stream_finals_total{model=\"digits-ctc\"}");
    double errorsBefore = value("zora_stream_errors_total{code=\"bad_message\"}");

    StreamClient client =
        StreamClient.connect(stream)
            .start("digits-ctc", header.sampleRate(), "pcm_s16le", 1)
            .audioInFrames(StreamApiTest.pcm(wav), 800)
            .stop();
    assertEquals(1000, client.awaitClose(TIMEOUT).code());
    StreamClient.connect(stream).text("{\"type\":\"nonsense\"}").awaitClose(TIMEOUT);

    double seconds = header.dataLength() / 2.0 / header.sampleRate();
    assertEquals(
        seconds,
        value("zora_stream_audio_seconds_total{model=\"digits-ctc\"}") - audioBefore,
        1e-6);
    assertEquals(
        client.ofType("final").size(),
        value("zora_stream_finals_total{model=\"digits-ctc\"}") - finalsBefore,
        1e-9);
    assertTrue(client.ofType("final").size() >= 1);
    assertEquals(1, value("zora_stream_errors_total{code=\"bad_message\"}") - errorsBefore, 1e-9);
  }

  /** A sample's value in the exposition; 0 when it is not there yet. */
  static double value(String sample) {
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
