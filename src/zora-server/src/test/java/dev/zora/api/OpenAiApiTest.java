package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.api.transcription.OpenAiTranscription;
import dev.zora.api.transcription.OpenAiTranscriptionsResource;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenAiApiTest {
  /** JSON numbers as doubles, so closeTo and friends compare like with like. */
  private static final RestAssuredConfig DOUBLES =
      RestAssuredConfig.config()
          .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));

  private static final String PATH = "/v1/audio/transcriptions";

  private static Golden clip() {
    return Golden.digits(Golden.DIGITS_CNN).get(0);
  }

  private static RequestSpecification form(String responseFormat) {
    RequestSpecification spec =
        given()
            .config(DOUBLES)
            .multiPart("file", "clip.wav", clip().wavBytes(), "audio/wav")
            .multiPart("model", "digits-cnn");
    return responseFormat == null ? spec : spec.multiPart("response_format", responseFormat);
  }

  @Test
  void jsonIsTheDefaultAndHoldsOnlyTheText() {
    form(null)
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("text", equalTo(clip().label()))
        .body("$", not(hasKey("segments")));
  }

  @Test
  void streamTrueAnswersOpenAisServerSentEventsWhoseDeltasMakeTheText() {
    byte[] string =
        Golden.all(Golden.DIGITS_TRANSFORMER).stream()
            .filter(g -> g.name().startsWith("fsdd"))
            .findFirst()
            .orElseThrow()
            .wavBytes();
    String expected =
        given()
            .contentType("audio/wav")
            .body(string)
            .when()
            .post("/v1/transcriptions?model=digits-ctc")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("text");
    String body =
        given()
            .multiPart("file", "s.wav", string, "audio/wav")
            .multiPart("model", "digits-ctc")
            .multiPart("stream", "true")
            .when()
            .post(PATH)
            .then()
            .statusCode(200)
            .contentType(startsWith("text/event-stream"))
            .extract()
            .asString();
    StringBuilder deltas = new StringBuilder();
    String done = null;
    for (String event : body.split("\n\n")) {
      assertTrue(event.startsWith("data: "), event);
      JsonPath data = JsonPath.from(event.substring(6));
      if (data.getString("type").equals("transcript.text.delta")) {
        deltas.append(data.getString("delta"));
      } else {
        assertEquals("transcript.text.done", data.getString("type"));
        done = data.getString("text");
      }
    }
    assertEquals(expected, done);
    assertEquals(expected, deltas.toString());
    form("srt")
        .multiPart("stream", "true")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("json or text"));
    form(null).multiPart("stream", "yes").when().post(PATH).then().statusCode(400);
    // Refusals come before the first event, so they keep their status and OpenAI's error JSON.
    given()
        .multiPart("file", "s.wav", string, "audio/wav")
        .multiPart("model", "nope")
        .multiPart("stream", "true")
        .when()
        .post(PATH)
        .then()
        .statusCode(404)
        .body("error.code", equalTo("model_not_found"));
    given()
        .multiPart(
            "file",
            "x.wav",
            "RIFF....WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "audio/wav")
        .multiPart("model", "digits-ctc")
        .multiPart("stream", "true")
        .when()
        .post(PATH)
        .then()
        .statusCode(422)
        .body("error.message", not(equalTo(null)));
  }

  @Test
  void aStreamedRecordingOfTwoStringsSendsADeltaForEach() {
    float[] one =
        new dev.zora.audio.WavDecoder()
            .decode(
                Golden.all(Golden.DIGITS_TRANSFORMER).stream()
                    .filter(g -> g.name().startsWith("fsdd"))
                    .findFirst()
                    .orElseThrow()
                    .wavBytes())
            .samples();
    float[] two = new float[one.length * 2 + 8000 * 3];
    System.arraycopy(one, 0, two, 0, one.length);
    System.arraycopy(one, 0, two, one.length + 8000 * 3, one.length);
    byte[] wav =
        dev.zora.testing.WavWriter.write(
            8000, dev.zora.testing.WavWriter.Encoding.PCM_16, false, two);
    String body =
        given()
            .multiPart("file", "two.wav", wav, "audio/wav")
            .multiPart("model", "digits-ctc")
            .multiPart("stream", "true")
            .when()
            .post(PATH)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    long deltas =
        java.util.Arrays.stream(body.split("\n\n"))
            .filter(e -> e.contains("transcript.text.delta"))
            .count();
    assertEquals(2, deltas, body);
  }

  @Test
  void logprobsGiveAWordPerTokenWhoseTokensMakeTheText() {
    byte[] string = fsddString();
    JsonPath json =
        given()
            .config(DOUBLES)
            .multiPart("file", "s.wav", string, "audio/wav")
            .multiPart("model", "digits-ctc")
            .multiPart("include[]", "logprobs")
            .when()
            .post(PATH)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    java.util.List<String> tokens = json.getList("logprobs.token");
    assertEquals(json.getString("text"), String.join("", tokens));
    assertEquals(json.getString("text").split(" ").length, tokens.size());
    for (Object logprob : json.getList("logprobs.logprob")) {
      assertTrue(((Number) logprob).doubleValue() <= 0, json.prettify());
    }
    assertEquals(
        tokens.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
        json.getList("logprobs[1].bytes").size());
    form(null).when().post(PATH).then().body("$", not(hasKey("logprobs")));
    form("verbose_json")
        .multiPart("include[]", "logprobs")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("response_format json"));
    form(null)
        .multiPart("include[]", "everything")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("include[]"));
  }

  @Test
  void streamedLogprobsComeWithEachDeltaAndAllOfThemWithDone() {
    String body =
        given()
            .multiPart("file", "s.wav", fsddString(), "audio/wav")
            .multiPart("model", "digits-ctc")
            .multiPart("stream", "true")
            .multiPart("include[]", "logprobs")
            .when()
            .post(PATH)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    StringBuilder deltaTokens = new StringBuilder();
    String done = null;
    for (String event : body.split("\n\n")) {
      JsonPath data = JsonPath.from(event.substring(6));
      String tokens = String.join("", data.<String>getList("logprobs.token"));
      if (data.getString("type").equals("transcript.text.delta")) {
        assertEquals(data.getString("delta"), tokens, event);
        deltaTokens.append(tokens);
      } else {
        assertEquals(data.getString("text"), tokens, event);
        done = data.getString("text");
      }
    }
    assertEquals(done, deltaTokens.toString());
  }

  @Test
  void verboseSegmentsCarryCompressionRatioAndTheDetectorsNoSpeechProbability() {
    JsonPath silero =
        form("verbose_json")
            .multiPart("vad", "silero")
            .when()
            .post(PATH)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    double noSpeech = silero.getDouble("segments[0].no_speech_prob");
    assertTrue(noSpeech >= 0 && noSpeech < 0.5, "a spoken digit: " + noSpeech);
    assertTrue(silero.getDouble("segments[0].compression_ratio") > 0);
    form("verbose_json")
        .multiPart("vad", "energy")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("segments[0]", hasKey("no_speech_prob"))
        .body("segments[0].no_speech_prob", equalTo(null));
  }

  @Test
  void compressionRatioIsWhispers() {
    // Python: len(t) / len(zlib.compress(t)) for these texts
    assertEquals(5.0 / 13, OpenAiTranscription.compressionRatio("seven"), 1e-12);
    assertEquals(400.0 / 17, OpenAiTranscription.compressionRatio("one ".repeat(100)), 1e-12);
  }

  @Test
  void modelsSayWhenTheyWereLoaded() {
    long now = java.time.Instant.now().getEpochSecond();
    long created =
        given()
            .when()
            .get("/v1/models/digits-cnn")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("created");
    assertTrue(created > now - 24 * 3600 && created <= now, "created " + created);
  }

  private static byte[] fsddString() {
    return Golden.all(Golden.DIGITS_TRANSFORMER).stream()
        .filter(g -> g.name().startsWith("fsdd"))
        .findFirst()
        .orElseThrow()
        .wavBytes();
  }

  @Test
  void textIsThePlainTranscriptLine() {
    form("text")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .contentType(startsWith("text/plain"))
        .body(equalTo(clip().label() + "\n"));
  }

  @Test
  void srtNumbersTheCuesAndUsesCommaMilliseconds() {
    form("srt")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .contentType(startsWith("text/plain"))
        .body(startsWith("1\n00:00:00,000 --> 00:00:0"))
        .body(containsString("\n" + clip().label() + "\n\n"));
  }

  @Test
  void vttStartsWithItsSignatureAndUsesDotMilliseconds() {
    form("vtt")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .contentType(startsWith("text/vtt"))
        .body(startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:0"))
        .body(containsString("\n" + clip().label() + "\n\n"));
  }

  @Test
  void verboseJsonHasTaskLanguageDurationAndSegments() {
    form("verbose_json")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("task", equalTo("transcribe"))
        .body("language", equalTo("english"))
        .body("text", equalTo(clip().label()))
        .body("duration", closeTo((clip().wavBytes().length - 44) / 2 / 8000.0, 1e-3))
        .body("segments[0].id", equalTo(0))
        .body("segments[0].start", equalTo(0.0))
        .body("segments[0].text", equalTo(clip().label()))
        .body("segments[0].avg_logprob", lessThan(0.0))
        .body("$", not(hasKey("words")));
  }

  @Test
  void wordGranularityAddsTimedWords() {
    form("verbose_json")
        .multiPart("timestamp_granularities[]", "word")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("words[0].word", equalTo(clip().label()))
        .body("words[0].start", equalTo(0.0))
        .body("$", not(hasKey("segments")));
  }

  @Test
  void languagePromptAndTemperatureAreAcceptedAndIgnored() {
    form("json")
        .multiPart("language", "en")
        .multiPart("prompt", "digits")
        .multiPart("temperature", "0.3")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("text", equalTo(clip().label()));
  }

  @Test
  void withoutAModelTheDefaultModelAnswers() {
    given()
        .multiPart("file", "clip.wav", clip().wavBytes(), "audio/wav")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("text", equalTo(clip().label()));
  }

  @Test
  void anUnknownModelIsNotFound() {
    given()
        .multiPart("file", "clip.wav", clip().wavBytes(), "audio/wav")
        .multiPart("model", "whisper-1")
        .when()
        .post(PATH)
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error.message", containsString("whisper-1"))
        .body("error.code", equalTo("model_not_found"));
  }

  @Test
  void anUnknownResponseFormatIsABadRequestListingTheKnownOnes() {
    form("xml")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error.message", containsString("verbose_json"))
        .body("error.type", equalTo("invalid_request_error"));
  }

  @Test
  void aMissingFileIsABadRequest() {
    given()
        .multiPart("model", "digits-cnn")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error.message", containsString("`file` part"));
  }

  @Test
  void englishIsAcceptedAndAnyOtherLanguageRefusedNamingWhatTheModelsSpeak() {
    form(null).multiPart("language", "en").when().post(PATH).then().statusCode(200);
    form(null).multiPart("language", "en-GB").when().post(PATH).then().statusCode(200);
    form(null)
        .multiPart("language", "fr")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("English (en) only"));
  }

  @Test
  void temperatureInOpenAisRangeIsAcceptedAndOutsideItRefused() {
    form(null)
        .multiPart("temperature", "0.2")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("text", equalTo(clip().label()));
    form(null)
        .multiPart("temperature", "5")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("0 to 1"));
    form(null)
        .multiPart("temperature", "warm")
        .when()
        .post(PATH)
        .then()
        .statusCode(400)
        .body("error.message", containsString("not a number"));
  }

  @Test
  void aPromptIsAcceptedAndChangesNothing() {
    form(null)
        .multiPart("prompt", "digits, please")
        .when()
        .post(PATH)
        .then()
        .statusCode(200)
        .body("text", equalTo(clip().label()));
  }

  @Test
  void aliasesMustBeAliasEqualsModel() {
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.Map.of("whisper-1", "digits-ctc"),
        OpenAiTranscriptionsResource.parseAliases(java.util.List.of("whisper-1=digits-ctc")));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> OpenAiTranscriptionsResource.parseAliases(java.util.List.of("whisper-1")));
  }
}
