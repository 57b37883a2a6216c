package dev.zora.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** /v1/stream with a real WebSocket client: what arrives in pieces is transcribed as the file is. */
@QuarkusTest
class StreamApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TestHTTPResource("/v1/stream")
  URI stream;

  /** The text POST /v1/transcriptions gives for the same audio. */
  static String fileText(byte[] wav, String model) {
    return given().contentType("audio/wav").body(wav).when().post("/v1/transcriptions?model=" + model)
        .then().statusCode(200).extract().jsonPath().getString("text");
  }

  /** The bytes of the WAV's data chunk: raw PCM, as a live client would send it. */
  static byte[] pcm(byte[] wav) {
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    return Arrays.copyOfRange(wav, header.dataOffset(), header.dataOffset() + header.dataLength());
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenClipStreamedInSmallFramesGivesItsFileTranscription() {
    return Golden.bundlesWithGoldens().stream().flatMap(bundle -> Golden.all(bundle).stream().map(golden -> {
      String model = bundle.getFileName().toString();
      return DynamicTest.dynamicTest(model + " " + golden.name(), () -> {
        byte[] wav = golden.wavBytes();
        WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
        StreamClient client = StreamClient.connect(stream)
            .start(model, header.sampleRate(), "pcm_s16le", header.channels())
            .audioInFrames(pcm(wav), 333)
            .stop();
        StreamClient.Closed closed = client.awaitClose(TIMEOUT);
        System.out.println(model + " " + golden.name() + " " + client.messages());
        assertEquals(1000, closed.code(), closed.reason());
        assertEquals(fileText(wav, model), client.finalText(), client.messages().toString());
      });
    }));
  }
}
