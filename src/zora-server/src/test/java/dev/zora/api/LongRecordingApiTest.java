package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.api.transcription.Subtitles;
import dev.zora.testing.DigitStringRecording;
import dev.zora.testing.DigitStringRecording.PlacedString;
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.WordErrors;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ten-minute recording of digit strings with pauses and noise ({@link DigitStringRecording}, from
 * held-out FSDD clips) through the REST API: the strings must be found in order, each one's first
 * segment starting within 0.2 s of where its speech was placed. A string may come back as two
 * segments where one of its clips holds a pause longer than zora.segmentation.min-pause-seconds;
 * one in fifty may be heard as nothing at all (a model that was taught that noise is no word
 * sometimes drops a lone short digit in noise: those words count in the word error bound).
 */
@QuarkusTest
class LongRecordingApiTest {
  private static final double TOLERANCE_SECONDS = 0.2;
  private static DigitStringRecording recording;

  @BeforeAll
  static void build() {
    assumeTrue(
        FsddHeldOut.isPresent(),
        "FSDD recordings not found at " + FsddHeldOut.recordings().toAbsolutePath());
    recording = DigitStringRecording.build(20261127, 598);
  }

  @ParameterizedTest
  @ValueSource(strings = {"digits-transformer", "digits-ctc"})
  void everyStringIsFoundInOrderWhereItWasPlaced(String model) {
    long start = System.nanoTime();
    JsonPath answer =
        given()
            .contentType("audio/wav")
            .body(recording.wav())
            .when()
            .post("/v1/transcriptions?model=" + model)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Double> segmentStarts = answer.getList("segments.start", Double.class);
    List<PlacedString> strings = recording.strings();
    List<String> heard = Arrays.asList(answer.getString("text").split(" "));
    int errors = WordErrors.count(recording.words(), heard);
    System.out.printf(
        "%s: %.0f s recording, %d strings in %d segments, %d words, WER %.2f%%,"
            + " %.1f s through REST (RTF %.4f)%n",
        model,
        recording.seconds(),
        strings.size(),
        segmentStarts.size(),
        recording.words().size(),
        100.0 * errors / recording.words().size(),
        seconds,
        seconds / recording.seconds());

    int next = 0; // the first segment not yet matched to a string
    double totalError = 0;
    double worstError = 0;
    int unheard = 0;
    for (int i = 0; i < strings.size(); i++) {
      double placed = strings.get(i).startSeconds();
      double following =
          i + 1 < strings.size() ? strings.get(i + 1).startSeconds() : Double.MAX_VALUE;
      if (next >= segmentStarts.size()
          || segmentStarts.get(next) >= following - TOLERANCE_SECONDS) {
        unheard++; // no segment before the next string's: this one was heard as nothing
        continue;
      }
      assertEquals(
          placed,
          segmentStarts.get(next),
          TOLERANCE_SECONDS,
          "first segment of string " + i + " " + strings.get(i).words());
      totalError += Math.abs(segmentStarts.get(next) - placed);
      worstError = Math.max(worstError, Math.abs(segmentStarts.get(next) - placed));
      do {
        next++; // segments that start before the next string belong to this one
      } while (next < segmentStarts.size()
          && segmentStarts.get(next) < following - TOLERANCE_SECONDS);
    }
    System.out.printf(
        "%s: string starts off by %.3f s on average, %.3f s at most; %d strings heard as nothing%n",
        model, totalError / strings.size(), worstError, unheard);
    assertTrue(unheard <= strings.size() / 50, unheard + " strings heard as nothing");
    assertEquals(segmentStarts.size(), next, "segments after the last string");
    assertTrue(segmentStarts.size() <= strings.size() * 1.05, segmentStarts.size() + " segments");
    assertEquals(recording.seconds(), answer.getDouble("duration"), 1e-3);
    assertTrue(errors <= 0.06 * recording.words().size(), errors + " word errors");
  }

  @Test
  void subtitlesHaveOneCuePerSegment() {
    JsonPath verbose = openAi("verbose_json").jsonPath();
    List<Map<String, Object>> segments = verbose.getList("segments");
    String srt = openAi("srt").asString();
    String vtt = openAi("vtt").asString();
    assertTrue(segments.size() >= recording.strings().size(), segments.size() + " segments");

    StringBuilder expectedSrt = new StringBuilder();
    StringBuilder expectedVtt = new StringBuilder("WEBVTT\n\n");
    for (int i = 0; i < segments.size(); i++) {
      double begin = ((Number) segments.get(i).get("start")).doubleValue();
      double end = ((Number) segments.get(i).get("end")).doubleValue();
      String text = segments.get(i).get("text").toString().strip();
      expectedSrt
          .append(i + 1)
          .append('\n')
          .append(Subtitles.timestamp(begin, ','))
          .append(" --> ")
          .append(Subtitles.timestamp(end, ','))
          .append('\n')
          .append(text)
          .append("\n\n");
      expectedVtt
          .append(Subtitles.timestamp(begin, '.'))
          .append(" --> ")
          .append(Subtitles.timestamp(end, '.'))
          .append('\n')
          .append(text)
          .append("\n\n");
      if (i > 0) {
        assertTrue(
            begin >= ((Number) segments.get(i - 1).get("end")).doubleValue(),
            "segment " + i + " overlaps");
      }
    }
    assertEquals(expectedSrt.toString(), srt);
    assertEquals(expectedVtt.toString(), vtt);
  }

  private static Response openAi(String format) {
    return given()
        .multiPart("file", "long.wav", recording.wav(), "audio/wav")
        .multiPart("model", "digits-ctc")
        .multiPart("response_format", format)
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200)
        .extract()
        .response();
  }
}
