package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.Golden;
import dev.zora.testing.Variants;
import dev.zora.testing.WavWriter;
import dev.zora.testing.WavWriter.Encoding;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@QuarkusTest
class TranscriptionApiTest {
  /** JSON numbers as doubles, so closeTo and friends compare like with like. */
  private static final RestAssuredConfig DOUBLES =
      RestAssuredConfig.config()
          .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));

  private static final String PROBLEM = "application/problem+json";

  @TestHTTPResource("/")
  URL base;

  private static Golden clip() {
    return Golden.digits(Golden.DIGITS_CNN).get(0);
  }

  private static ValidatableResponse postRaw(byte[] body, String contentType) {
    return given()
        .config(DOUBLES)
        .contentType(contentType)
        .body(body)
        .when()
        .post("/v1/transcriptions")
        .then();
  }

  private static ValidatableResponse expectProblem(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType(PROBLEM)
        .body("status", equalTo(status))
        .body("type", startsWith("urn:zora:problem:"))
        .body("instance", equalTo("/v1/transcriptions"))
        .body("$", org.hamcrest.Matchers.not(hasKey("stackTrace")));
  }

  /** After every test, bad input included, the server must still answer a good request. */
  @AfterEach
  void serverStillTranscribes() {
    Golden clip = clip();
    postRaw(clip.wavBytes(), "audio/wav").statusCode(200).body("label", equalTo(clip.label()));
  }

  @TestFactory
  Stream<DynamicTest> everyWavVariantOfEveryGoldenDigitGivesThatDigit() {
    List<Golden> digits = Golden.digits(Golden.DIGITS_CNN);
    assertTrue(digits.size() >= 3, "expected golden digit clips in " + Golden.DIGITS_CNN);
    return digits.stream()
        .flatMap(
            golden ->
                Variants.of(golden.wavBytes()).stream()
                    .map(
                        variant ->
                            DynamicTest.dynamicTest(
                                golden.name() + ": " + variant.name(),
                                () ->
                                    postRaw(variant.wav(), "audio/wav")
                                        .statusCode(200)
                                        .body("model", equalTo("digits-cnn"))
                                        .body("label", equalTo(golden.label()))
                                        .body("text", equalTo(golden.label())))));
  }

  @Test
  void answersWithTextSegmentsProbabilitiesDurationAndTimings() {
    Golden clip = clip();
    double seconds = (clip.wavBytes().length - 44) / 2 / 8000.0;
    postRaw(clip.wavBytes(), "audio/wav")
        .statusCode(200)
        .contentType("application/json")
        .body("text", equalTo(clip.label()))
        .body("probabilities.size()", equalTo(12))
        .body("probabilities." + clip.label(), greaterThan(0.5))
        .body("segments.size()", equalTo(1))
        .body("segments[0].start", equalTo(0.0))
        .body("segments[0].end", closeTo(seconds, 1e-3))
        .body("segments[0].text", equalTo(clip.label()))
        .body("segments[0].confidence", greaterThan(0.5))
        .body("duration", closeTo(seconds, 1e-3))
        .body("timings.totalMs", greaterThan(0.0))
        .body("timings", hasKey("decodeMs"))
        .body("timings", hasKey("frontendMs"))
        .body("timings", hasKey("inferenceMs"));
  }

  @Test
  void acceptsOctetStreamAndAnyAudioType() {
    postRaw(clip().wavBytes(), "application/octet-stream")
        .statusCode(200)
        .body("label", equalTo(clip().label()));
    postRaw(clip().wavBytes(), "audio/x-wav")
        .statusCode(200)
        .body("label", equalTo(clip().label()));
  }

  @Test
  void acceptsTheAudioAsTheFilePartOfAMultipartForm() {
    given()
        .multiPart("file", "clip.wav", clip().wavBytes(), "audio/wav")
        .queryParam("model", "digits-cnn")
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200)
        .body("label", equalTo(clip().label()));
  }

  @Test
  void decodesCompressedAudioThroughFfmpegOrSaysItIsMissing() throws Exception {
    Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "ffmpeg is not installed");
    Process encode =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-i",
                clip().wav().toString(),
                "-f",
                "flac",
                "pipe:1")
            .start();
    byte[] flac = encode.getInputStream().readAllBytes();
    assertEquals(0, encode.waitFor());
    postRaw(flac, "audio/flac").statusCode(200).body("label", equalTo(clip().label()));
  }

  @Test
  void refusesAMultipartFormWithoutAFilePart() {
    given()
        .multiPart("audio", "clip.wav", clip().wavBytes(), "audio/wav")
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("detail", containsString("`file` part"));
  }

  @Test
  void refusesAnEmptyBody() {
    expectProblem(postRaw(new byte[0], "audio/wav"), 400).body("detail", containsString("0 bytes"));
  }

  @Test
  void refusesAWavWhoseHeaderIsCutShort() {
    expectProblem(postRaw(Arrays.copyOf(clip().wavBytes(), 30), "audio/wav"), 422)
        .body("detail", containsString("truncated"));
  }

  @Test
  void refusesAWavWithoutSamples() {
    expectProblem(
            postRaw(WavWriter.write(8000, Encoding.PCM_16, false, new float[0]), "audio/wav"), 422)
        .body("detail", containsString("no audio samples"));
  }

  @Test
  void refusesAudioLongerThanTheLimit() {
    byte[] elevenMinutes = WavWriter.write(8000, Encoding.PCM_U8, false, new float[8000 * 660]);
    expectProblem(postRaw(elevenMinutes, "audio/wav"), 422)
        .body("detail", containsString("longer than the 600 s"));
  }

  @Test
  void refusesBytesThatAreNotAudio() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    expectProblem(postRaw(garbage, "audio/wav"), 415).body("detail", containsString("ffmpeg"));
  }

  @Test
  void refusesABodyOfTheWrongType() {
    expectProblem(
            postRaw("{\"audio\": 1}".getBytes(StandardCharsets.UTF_8), "application/json"), 415)
        .body("detail", containsString("audio/*"));
  }

  @Test
  void refusesAnUnknownModelNamingTheKnownOnes() {
    given()
        .contentType("audio/wav")
        .body(clip().wavBytes())
        .queryParam("model", "no-such-model")
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("detail", containsString("no-such-model"))
        .body("detail", containsString("digits-cnn"));
  }

  @Test
  void refusesAHugeDeclaredUploadBeforeReadingIt() throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/transcriptions HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\n"
                  + "Content-Length: 2147483648\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(
          new byte[1024]); // a first slice of the 2 GiB; the answer must not wait for the rest
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(
          response.toLowerCase().contains("content-type: application/problem+json"), response);
      assertTrue(response.contains("zora.limits.max-upload-bytes"), response);
    }
  }

  @Test
  void keepsEveryDigitOfANumberLongerThanTheRecipeTrainsOn() {
    // 16 digits in one utterance: a fixed 12-token limit returned the first 11 and dropped the
    // rest.
    String text =
        given()
            .contentType("audio/wav")
            .body(Golden.sixteenDigitsInOneBreath())
            .queryParam("model", "digits-transformer")
            .when()
            .post("/v1/transcriptions")
            .then()
            .statusCode(200)
            .body("segments.size()", equalTo(1))
            .extract()
            .path("text");
    assertEquals(16, text.split(" ").length, text);
  }

  @Test
  void answersAClientThatWaitsForContinueBeforeSendingItsBody() throws Exception {
    Golden clip = clip();
    byte[] wav = clip.wavBytes();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/transcriptions?model=digits-cnn HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: audio/wav\r\nExpect: 100-continue\r\nConnection: close\r\n"
                  + "Content-Length: "
                  + wav.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String interim = readHead(in); // nothing more is sent until it comes
      assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
      out.write(wav);
      out.flush();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("\"label\":\"" + clip.label() + "\""), response);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void refusesAnOversizedChunkedUploadWithAProblem() throws Exception {
    byte[] body = new byte[26_214_400 + 1];
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "v1/transcriptions"))
            .header("Content-Type", "audio/wav")
            // An input-stream publisher has no length, so the client sends it chunked.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(413, response.statusCode(), response.body());
    assertEquals(PROBLEM, response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().contains("zora.limits.max-upload-bytes"), response.body());
  }
}
