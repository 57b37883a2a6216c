package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.api.problem.Problem;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The explain endpoints over HTTP, on the shipped bundles and their golden clips. */
@QuarkusTest
class ExplainApiTest {
  private static final String CNN = "/v1/models/digits-cnn";
  private static final String TRANSFORMER = "/v1/models/digits-transformer";

  private static Golden digit() {
    return Golden.digits(Golden.DIGITS_CNN).get(0);
  }

  private static Golden string() {
    return Golden.all(Golden.DIGITS_TRANSFORMER).stream()
        .filter(g -> g.name().startsWith("fsdd"))
        .findFirst()
        .orElseThrow();
  }

  /** The values of an explain answer's float32 tensor. */
  static float[] float32(String base64) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.getFloat();
    }
    return out;
  }

  private static float[] float16(String base64) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      int h = bytes.getShort() & 0xffff;
      int exponent = (h >>> 10) & 0x1f;
      double magnitude =
          exponent == 0
              ? (h & 0x3ff) * 0x1p-24
              : (1 + (h & 0x3ff) / 1024.0) * Math.pow(2, exponent - 15);
      out[i] = (float) ((h & 0x8000) != 0 ? -magnitude : magnitude);
    }
    return out;
  }

  private static JsonPath attribute(String model, byte[] audio, String query) {
    return given()
        .contentType("audio/wav")
        .body(audio)
        .when()
        .post(model + "/attributions?" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @AfterEach
  void theServerStillTranscribes() {
    given()
        .contentType("audio/wav")
        .body(digit().wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200)
        .body("label", equalTo(digit().label()));
  }

  @Test
  void layersListTheGraphsTensorsWithTheirTimeAxis() {
    given()
        .when()
        .get(CNN + "/layers")
        .then()
        .statusCode(200)
        .body("model", equalTo("digits-cnn"))
        .body("secondsPerFrame", equalTo(0.01f))
        .body("layers.tensor", hasItem("conv1_out"))
        .body("layers.tensor", hasItem("/model/blocks.0/Relu_output_0"))
        .body("layers.find { it.tensor == 'conv1_out' }.timeAxis", equalTo(2))
        .body("layers.find { it.tensor == 'conv1_out' }.secondsPerStep", equalTo(0.02f))
        .body("layers.find { it.tensor == 'conv1_out' }.opType", equalTo("MaxPool"))
        .body("layers.find { it.tensor == 'conv1_out' }.layout", equalTo("NCTF"));
    given()
        .when()
        .get(TRANSFORMER + "/layers")
        .then()
        .statusCode(200)
        .body("layers.find { it.tensor == 'decoder_cross_attention_1' }.graph", equalTo("decoder"))
        .body(
            "layers.find { it.tensor == 'memory' && it.graph == 'encoder' }.framesPerStep",
            equalTo(4.0f));
    given()
        .when()
        .get("/v1/models/nope/layers")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE);
    given().when().get(CNN).then().statusCode(200).body("id", equalTo("digits-cnn"));
  }

  @Test
  void activationsCarryTheTensorsTheLogMelAndChannelSummaries() {
    Golden clip = digit();
    JsonPath json =
        given()
            .contentType("audio/wav")
            .body(clip.wavBytes())
            .when()
            .post(CNN + "/activations?layers=conv1_out,logits")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(clip.label(), json.getString("prediction"));
    assertEquals(clip.frames(), json.getInt("logMel.frames"));
    float[] logMel = float32(json.getString("logMel.values.data"));
    assertEquals(0, Golden.maxAbsDiff(logMel, clip.logMel()), 1e-3, "the front end's own output");
    List<Integer> shape = json.getList("tensors[0].values.shape", Integer.class);
    assertEquals(List.of(1, 16, clip.frames() / 2, 20), shape);
    assertEquals(
        16 * (clip.frames() / 2) * 20, float32(json.getString("tensors[0].values.data")).length);
    assertEquals(16, json.getList("tensors[0].mean").size());
    float[] logits = float32(json.getString("tensors[1].values.data"));
    assertEquals(0, Golden.maxAbsDiff(logits, clip.logits()), 1e-3);

    JsonPath half =
        given()
            .contentType("audio/wav")
            .body(clip.wavBytes())
            .when()
            .post(CNN + "/activations?layers=logits&encoding=float16")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("float16", half.getString("tensors[0].values.dtype"));
    assertEquals(
        0,
        Golden.maxAbsDiff(float16(half.getString("tensors[0].values.data")), clip.logits()),
        0.02);

    given()
        .multiPart("file", "clip.wav", clip.wavBytes(), "audio/wav")
        .when()
        .post(CNN + "/activations?layers=conv4_out")
        .then()
        .statusCode(200)
        .body("tensors[0].layer.tensor", equalTo("conv4_out"));
  }

  @Test
  void everyClassifierMethodGivesAMapOverTheLogMelCells() {
    Golden clip = digit();
    for (String query :
        List.of(
            "method=occlusion",
            "method=rise&masks=64",
            "method=cam",
            "method=score-cam",
            "method=kernel-shap&samples=64")) {
      JsonPath json = attribute(CNN, clip.wavBytes(), query);
      assertEquals(clip.label(), json.getString("target.label"), query);
      assertEquals(List.of(clip.frames(), 40), json.getList("map.shape", Integer.class), query);
      float[] map = float32(json.getString("map.data"));
      assertEquals(clip.frames() * 40, map.length, query);
      float max = Float.NEGATIVE_INFINITY;
      for (float v : map) {
        max = Math.max(max, v);
      }
      assertTrue(max > 0, query + ": some cell must speak for the predicted digit");
    }
  }

  @Test
  void theMethodsParametersChangeTheMap() {
    Golden clip = digit();
    float[] defaults =
        float32(attribute(CNN, clip.wavBytes(), "method=occlusion").getString("map.data"));
    double scale = Golden.maxAbsDiff(defaults, new float[defaults.length]);
    for (String query :
        List.of(
            "method=occlusion&baseline=floor",
            "method=occlusion&windowFrames=4&windowMels=4&strideFrames=2&strideMels=2",
            "method=occlusion&strideFrames=2")) {
      float[] changed = float32(attribute(CNN, clip.wavBytes(), query).getString("map.data"));
      // A confident clip's log-probability barely moves, so compare with the map's own scale.
      assertTrue(Golden.maxAbsDiff(changed, defaults) > 0.01 * scale, query);
    }
    float[] seed0 =
        float32(attribute(CNN, clip.wavBytes(), "method=rise&masks=32").getString("map.data"));
    float[] seed1 =
        float32(
            attribute(CNN, clip.wavBytes(), "method=rise&masks=32&seed=1").getString("map.data"));
    float[] again =
        float32(attribute(CNN, clip.wavBytes(), "method=rise&masks=32").getString("map.data"));
    assertTrue(
        Golden.maxAbsDiff(seed0, seed1) > 0.01 * Golden.maxAbsDiff(seed0, new float[seed0.length]),
        "another seed, other masks");
    assertEquals(0, Golden.maxAbsDiff(seed0, again), "the same seed, the same map");
  }

  @Test
  void faithfulnessAndEvidenceComeWhenAskedFor() {
    Golden clip = digit();
    JsonPath json =
        attribute(
            CNN, clip.wavBytes(), "method=occlusion&faithfulnessSteps=10&evidenceFraction=0.2");
    assertEquals(11, json.getList("faithfulness.fractions").size());
    assertTrue(
        json.getDouble("faithfulness.deletion.auc")
            < json.getDouble("faithfulness.randomDeletion.auc"));
    assertTrue(
        json.getDouble("faithfulness.insertion.auc")
            > json.getDouble("faithfulness.randomInsertion.auc"));
    byte[] kept = Base64.getDecoder().decode(json.getString("evidence.kept.wav"));
    assertEquals("RIFF", new String(kept, 0, 4, StandardCharsets.US_ASCII));
    given()
        .contentType("audio/wav")
        .body(kept)
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200)
        .body("label", equalTo(json.getString("evidence.kept.prediction")));
    assertTrue(
        json.getDouble("evidence.kept.targetProbability")
            > json.getDouble("evidence.removed.targetProbability"));

    JsonPath plain = attribute(CNN, clip.wavBytes(), "method=cam");
    assertEquals(null, plain.getString("faithfulness"));
    assertEquals(null, plain.getString("evidence"));
  }

  @Test
  void theTransformerIsExplainedTokenByToken() {
    Golden clip = string();
    for (String method : List.of("attention", "attention-rollout", "occlusion")) {
      JsonPath json = attribute(TRANSFORMER, clip.wavBytes(), "method=" + method + "&target=1");
      assertEquals(1, json.getInt("target.index"));
      assertEquals(
          json.getString("prediction").split(" ")[1], json.getString("target.label"), method);
      assertEquals(List.of(clip.frames(), 40), json.getList("map.shape", Integer.class));
    }
    given()
        .multiPart("file", "clip.wav", clip.wavBytes(), "audio/wav")
        .when()
        .post("/v1/models/digits-ctc/attributions?method=occlusion")
        .then()
        .statusCode(200)
        .body("target.index", equalTo(0))
        .body("map.data", notNullValue());
  }

  @Test
  void badParametersGetProblemDetails() {
    byte[] audio = digit().wavBytes();
    expectProblem(CNN + "/attributions?method=saliency", audio, 400, "unknown method");
    expectProblem(CNN + "/attributions", audio, 400, "method");
    expectProblem(CNN + "/attributions?method=rise&masks=0", audio, 400, "masks");
    expectProblem(
        CNN + "/attributions?method=rise&keepProbability=1.5", audio, 400, "keepProbability");
    expectProblem(CNN + "/attributions?method=occlusion&windowFrames=4", audio, 400, "stride");
    expectProblem(CNN + "/attributions?method=occlusion&target=12", audio, 400, "target");
    expectProblem(CNN + "/attributions?method=occlusion&baseline=zero", audio, 400, "baseline");
    expectProblem(CNN + "/attributions?method=occlusion&faithfulnessSteps=0", audio, 400, "steps");
    expectProblem(
        CNN + "/attributions?method=occlusion&evidenceFraction=1", audio, 400, "evidenceFraction");
    expectProblem(CNN + "/attributions?method=cam&layer=nope", audio, 400, "nope");
    expectProblem(CNN + "/attributions?method=occlusion&encoding=int8", audio, 400, "encoding");
    expectProblem(CNN + "/attributions?method=attention", audio, 422, "encoder-decoder");
    expectProblem(CNN + "/attributions?method=cam&layer=conv3_out", audio, 422, "score-cam");
    expectProblem(
        TRANSFORMER + "/attributions?method=cam", string().wavBytes(), 422, "classifiers");
    expectProblem(
        TRANSFORMER + "/attributions?method=attention&target=40",
        string().wavBytes(),
        422,
        "token");
    expectProblem(CNN + "/activations", audio, 400, "layers");
    expectProblem(CNN + "/activations?layers=nope", audio, 400, "nope");
    expectProblem(CNN + "/activations?layers=logits", new byte[0], 400, "no audio");
    expectProblem(CNN + "/activations?layers=logits", "not audio".getBytes(), 415, "");
    expectProblem("/v1/models/nope/attributions?method=occlusion", audio, 404, "nope");
  }

  private static void expectProblem(String path, byte[] body, int status, String detail) {
    given()
        .contentType("audio/wav")
        .body(body)
        .when()
        .post(path)
        .then()
        .statusCode(status)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString(detail));
  }

  /**
   * segment picks the utterance the transcription endpoints cut: the answer explains the segment
   * /v1/transcriptions returned, and says which it is.
   */
  @Test
  void aSegmentIsTheUtteranceTheTranscriptionCut() {
    Golden clip = string();
    JsonPath transcribed =
        given()
            .contentType("audio/wav")
            .body(clip.wavBytes())
            .when()
            .post("/v1/transcriptions?model=digits-transformer&vad=energy")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> texts = transcribed.getList("segments.text", String.class);
    JsonPath explained =
        attribute(TRANSFORMER, clip.wavBytes(), "method=occlusion&target=0&segment=0&vad=energy");
    assertEquals(texts.get(0), explained.getString("prediction"));
    assertEquals(0, explained.getInt("segment.index"));
    assertEquals(texts.size(), explained.getInt("segment.count"));
    assertTrue(explained.getDouble("segment.durationSeconds") > 0);
    given()
        .contentType("audio/wav")
        .body(clip.wavBytes())
        .when()
        .post(TRANSFORMER + "/activations?layers=memory&segment=0")
        .then()
        .statusCode(200)
        .body("segment.index", equalTo(0));
    for (String bad : List.of("segment=" + texts.size(), "vad=energy", "segment=0&vad=loud")) {
      given()
          .contentType("audio/wav")
          .body(clip.wavBytes())
          .when()
          .post(TRANSFORMER + "/attributions?method=occlusion&" + bad)
          .then()
          .statusCode(400)
          .contentType(Problem.MEDIA_TYPE);
    }
    JsonPath whole = attribute(TRANSFORMER, clip.wavBytes(), "method=occlusion&target=0");
    assertTrue(whole.get("segment") == null, "no segment asked, none said");
  }
}
