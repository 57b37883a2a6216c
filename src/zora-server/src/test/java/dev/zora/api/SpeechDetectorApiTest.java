package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.api.problem.Problem;
import dev.zora.testing.Golden;
import dev.zora.testing.WavWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Silero VAD bundle over HTTP: listed, refused as a transcriber, chosen per request, explained.
 */
@QuarkusTest
class SpeechDetectorApiTest {
  private static final String VAD = "/v1/models/silero-vad";

  private static Golden digit() {
    return Golden.digits(Golden.DIGITS_CNN).get(0);
  }

  /**
   * A tonal chord for a second, a second of near silence, then a spoken digit (from 2 s): 8 kHz,
   * 16-bit WAV.
   */
  private static byte[] chordThenDigit() {
    float[] clip = new dev.zora.audio.WavDecoder().decode(digit().wavBytes()).samples();
    float[] x = new float[16000 + clip.length + 2000];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < x.length; i++) {
      double t = i / 8000.0;
      x[i] = (float) (0.001 * random.nextGaussian());
      if (i < 8000) {
        x[i] +=
            (float)
                (0.1
                    * (Math.sin(2 * Math.PI * 220 * t)
                        + Math.sin(2 * Math.PI * 277 * t)
                        + Math.sin(2 * Math.PI * 330 * t)));
      }
    }
    for (int i = 0; i < clip.length; i++) {
      x[16000 + i] += clip[i];
    }
    return WavWriter.write(8000, WavWriter.Encoding.PCM_16, false, x);
  }

  @Test
  void itIsListedAsASpeechDetectorAndRefusesToTranscribe() {
    given()
        .when()
        .get(VAD)
        .then()
        .statusCode(200)
        .body("task", equalTo("vad"))
        .body("state", equalTo("ready"))
        .body("sampleRate", equalTo(8000))
        .body("license", containsString("MIT"));
    given()
        .contentType("audio/wav")
        .body(digit().wavBytes())
        .when()
        .post("/v1/transcriptions?model=silero-vad")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("urn:zora:problem:wrong-task"))
        .body("detail", containsString("does not transcribe"));
    given()
        .multiPart("file", "a.wav", digit().wavBytes(), "audio/wav")
        .multiPart("model", "silero-vad")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("wrong_task"));
  }

  @Test
  void eachRequestMayChooseTheDetectorAndAnUnknownOneIsRefused() {
    byte[] wav = chordThenDigit();
    for (String vad : List.of("silero", "energy")) {
      given()
          .contentType("audio/wav")
          .body(wav)
          .when()
          .post("/v1/transcriptions?model=digits-cnn&vad=" + vad)
          .then()
          .statusCode(200);
    }
    // Silero hears the chord as no speech: only the digit is cut out and named.
    JsonPath silero =
        given()
            .contentType("audio/wav")
            .body(wav)
            .when()
            .post("/v1/transcriptions?model=digits-cnn&vad=silero")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(digit().label(), silero.getString("text"));
    assertEquals(1, silero.getList("segments").size());
    assertTrue(
        silero.getDouble("segments[0].start") > 1.4,
        "the segment starts at the digit, not the chord");
    given()
        .contentType("audio/wav")
        .body(wav)
        .when()
        .post("/v1/transcriptions?vad=webrtc")
        .then()
        .statusCode(400)
        .body("detail", containsString("energy, silero"));
    given()
        .multiPart("file", "a.wav", wav, "audio/wav")
        .multiPart("vad", "energy")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200);
  }

  @Test
  void itsLayersActivationsAndOcclusionMapComeBackLikeAnyModels() {
    JsonPath layers =
        given()
            .when()
            .get(VAD + "/layers")
            .then()
            .statusCode(200)
            .body("layers.opType", hasItem("Conv"))
            .body("layers.opType", hasItem("Sigmoid"))
            .extract()
            .jsonPath();
    assertTrue(
        layers.getList("layers").size() > 20, "the tensors inside the sr branch are readable");
    String conv = layers.getString("layers.find { it.opType == 'Conv' }.tensor");

    byte[] wav = chordThenDigit();
    JsonPath activations =
        given()
            .contentType("audio/wav")
            .body(wav)
            .when()
            .post(VAD + "/activations?layers=" + conv + ",output")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // The digit from 2 s (the chord's first 60 ms, a hard onset, may count too).
    assertTrue(
        activations
            .getString("prediction")
            .matches("speech at (0\\.00-0\\.\\d\\d s, )?2\\.\\d\\d-2\\.\\d\\d s"),
        activations.getString("prediction"));
    int chunks = (wav.length - 44) / 2 / 256 + 1;
    assertEquals(
        List.of(chunks, 1, 1), activations.getList("tensors[1].values.shape", Integer.class));
    float[] probabilities = ExplainApiTest.float32(activations.getString("tensors[1].values.data"));
    assertTrue(probabilities[10] < 0.2 && probabilities[69] > 0.5, "chord no speech, digit speech");

    JsonPath map =
        given()
            .contentType("audio/wav")
            .body(wav)
            .when()
            .post(VAD + "/attributions?method=occlusion")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("speech", map.getString("target.label"));
    List<Integer> shape = map.getList("map.shape", Integer.class);
    float[] values = ExplainApiTest.float32(map.getString("map.data"));
    int mels = shape.get(1);
    float chord = values[50 * mels];
    float speech = values[(int) (2.1 / 0.01) * mels];
    assertTrue(speech > chord, "silencing the digit lowers speech more than silencing the chord");
    given()
        .contentType("audio/wav")
        .body(wav)
        .when()
        .post(VAD + "/attributions?method=rise")
        .then()
        .statusCode(422)
        .body("detail", containsString("occlusion"));
  }
}
