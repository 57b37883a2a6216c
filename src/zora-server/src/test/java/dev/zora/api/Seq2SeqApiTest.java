package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * digits-transformer through both transcription endpoints, with the server's default decoding (beam
 * 4, joint CTC/attention as the manifest asks), so that the answer must be the transcript the
 * recipe's own search gave each golden clip ({@code servedTokens} in the golden files).
 */
@QuarkusTest
class Seq2SeqApiTest {
  private static final String MODEL = "digits-transformer";

  /** The recipe's transcript of a golden clip with the server's default decoding, as words. */
  private static String servedWords(Golden golden) {
    List<String> vocabulary = new ArrayList<>();
    try {
      new ObjectMapper()
          .readTree(Golden.DIGITS_TRANSFORMER.resolve("zora.json").toFile())
          .get("vocabulary")
          .forEach(entry -> vocabulary.add(entry.asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    float[] tokens = golden.outputs().get("servedTokens");
    List<String> words = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      words.add(vocabulary.get(Math.round(tokens[i])));
    }
    return String.join(" ", words);
  }

  @TestFactory
  List<DynamicTest> theTextOfEveryGoldenClipIsTheRecipesTranscript() {
    List<Golden> goldens = Golden.all(Golden.DIGITS_TRANSFORMER);
    assertFalse(goldens.isEmpty());
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
                      assertEquals(servedWords(golden), text);
                    }))
        .toList();
  }

  @TestFactory
  List<DynamicTest> verboseJsonWordsAreInOrderWithinTheAudio() {
    return Golden.all(Golden.DIGITS_TRANSFORMER).stream()
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
                              .multiPart("timestamp_granularities[]", "segment")
                              .when()
                              .post("/v1/audio/transcriptions")
                              .then()
                              .statusCode(200)
                              .extract()
                              .jsonPath();
                      double duration = json.getDouble("duration");
                      List<Float> starts = json.getList("words.start", Float.class);
                      List<Float> ends = json.getList("words.end", Float.class);
                      String words =
                          json.getList("words.word", String.class).stream()
                              .collect(Collectors.joining(" "));
                      assertEquals(servedWords(golden), words);
                      for (int i = 0; i < starts.size(); i++) {
                        assertTrue(
                            starts.get(i) >= 0
                                && ends.get(i) <= duration + 1e-6
                                && starts.get(i) <= ends.get(i),
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
                            i == 0 || starts.get(i) >= starts.get(i - 1),
                            "word " + i + " starts before word " + (i - 1));
                      }
                      assertEquals(1, json.getList("segments").size());
                      assertEquals(servedWords(golden), json.getString("segments[0].text"));
                      // The segment covers its words and the speech the VAD found around them.
                      assertTrue(
                          json.getFloat("segments[0].start") <= starts.get(0),
                          "segment starts after its first word");
                      assertTrue(
                          json.getFloat("segments[0].end") >= ends.get(ends.size() - 1),
                          "segment ends before its last word");
                      double confidence = json.getDouble("segments[0].confidence");
                      assertTrue(confidence > 0 && confidence <= 1, "confidence " + confidence);
                    }))
        .toList();
  }

  @Test
  void subtitlesCarryTheTranscript() {
    Golden golden = Golden.all(Golden.DIGITS_TRANSFORMER).get(0);
    given()
        .multiPart("file", "clip.wav", golden.wavBytes(), "audio/wav")
        .multiPart("model", MODEL)
        .multiPart("response_format", "srt")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200)
        .body(startsWith("1\n00:00:0"))
        .body(containsString("\n" + servedWords(golden) + "\n\n"));
    given()
        .multiPart("file", "clip.wav", golden.wavBytes(), "audio/wav")
        .multiPart("model", MODEL)
        .multiPart("response_format", "vtt")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200)
        .body(startsWith("WEBVTT\n\n00:00:0"))
        .body(containsString("\n" + servedWords(golden) + "\n\n"));
  }
}
