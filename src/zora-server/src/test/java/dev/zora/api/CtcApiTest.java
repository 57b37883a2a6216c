package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.decode.CtcPrefixBeamSearch;
import dev.zora.decode.LogSoftmax;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * digits-ctc through both transcription endpoints: the text of every golden clip must be what
 * prefix beam search (the server's default width, 4) makes of the recipe's own CTC logits for it,
 * so the server's audio path, front end, graph and decoder are checked together.
 */
@QuarkusTest
class CtcApiTest {
  private static final String MODEL = "digits-ctc";
  private static final Path BUNDLE = Golden.MODELS.resolve(MODEL);

  /** Prefix beam search at the server's default width over the recipe's own logits of the clip. */
  private static String expectedWords(Golden golden) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(BUNDLE.resolve("zora.json").toFile());
    List<String> vocabulary = new ArrayList<>();
    manifest.get("vocabulary").forEach(entry -> vocabulary.add(entry.asText()));
    int blank = manifest.get("specialTokens").get("blank").asInt();
    float[] logits = golden.logits();
    double[][] logProbs =
        LogSoftmax.rows(logits, logits.length / vocabulary.size(), vocabulary.size());
    return Arrays.stream(new CtcPrefixBeamSearch(blank, 4).search(logProbs))
        .mapToObj(vocabulary::get)
        .collect(Collectors.joining(" "));
  }

  @TestFactory
  List<DynamicTest> theTextOfEveryGoldenClipIsThePrefixBeamSearchOfTheRecipesLogits() {
    List<Golden> goldens = Golden.all(BUNDLE);
    assertFalse(goldens.isEmpty(), "no golden clips in " + BUNDLE);
    return goldens.stream()
        .map(
            golden ->
                DynamicTest.dynamicTest(
                    golden.name(),
                    () -> {
                      String text =
                          given()
                              .contentType("audio/wav")
                              .body(golden.wavBytes())
                              .when()
                              .post("/v1/transcriptions?model=" + MODEL)
                              .then()
                              .statusCode(200)
                              .extract()
                              .path("text");
                      assertEquals(expectedWords(golden), text);
                    }))
        .toList();
  }

  @TestFactory
  List<DynamicTest> verboseJsonWordsAreTheTranscriptInOrderWithinTheAudio() {
    return Golden.all(BUNDLE).stream()
        .map(
            golden ->
                DynamicTest.dynamicTest(
                    golden.name(),
                    () -> {
                      JsonPath json =
                          given()
                              .multiPart("file", "clip.wav", golden.wavBytes(), "audio/wav")
                              .multiPart("model", MODEL)
                              .multiPart("response_format", "verbose_json")
                              .multiPart("timestamp_granularities[]", "word")
                              .when()
                              .post("/v1/audio/transcriptions")
                              .then()
                              .statusCode(200)
                              .extract()
                              .jsonPath();
                      double duration = json.getDouble("duration");
                      List<Float> starts = json.getList("words.start", Float.class);
                      List<Float> ends = json.getList("words.end", Float.class);
                      assertEquals(
                          expectedWords(golden),
                          String.join(" ", json.getList("words.word", String.class)));
                      for (int i = 0; i < starts.size(); i++) {
                        assertTrue(
                            starts.get(i) >= 0
                                && starts.get(i) < ends.get(i)
                                && ends.get(i) <= duration + 1e-6,
                            "word "
                                + i
                                + " spans "
                                + starts.get(i)
                                + ".."
                                + ends.get(i)
                                + " of "
                                + duration
                                + " s");
                        assertTrue(
                            i == 0 || starts.get(i) >= ends.get(i - 1),
                            "word " + i + " overlaps word " + (i - 1));
                      }
                    }))
        .toList();
  }
}
