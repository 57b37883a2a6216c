package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before a resource runs (a request line or headers over Quarkus'
 * limits, a chunked body over the upload limit, a form with two files or an overlong text field)
 * gets the same problem+json, or OpenAI's error JSON on its surface, as every other refusal.
 */
@QuarkusTest
class RequestLimitsApiTest {
  private static final String PROBLEM = "application/problem+json";

  @TestHTTPResource("/")
  URI server;

  private static Golden clip() {
    return Golden.digits(Golden.DIGITS_CNN).get(0);
  }

  private static RequestSpecification twoFiles() {
    byte[] wav = clip().wavBytes();
    return given()
        .multiPart("file", "a.wav", wav, "audio/wav")
        .multiPart("file", "b.wav", wav, "audio/wav");
  }

  @AfterEach
  void serverStillTranscribes() {
    given()
        .contentType("audio/wav")
        .body(clip().wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200)
        .body("label", equalTo(clip().label()));
  }

  @Test
  void aRequestLineOverTheLimitGets414WithAProblem() {
    String query = "x=" + "a".repeat(10_000);
    given()
        .when()
        .get("/v1/models/digits-cnn/layers?" + query)
        .then()
        .statusCode(414)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:zora:problem:uri-too-long"))
        .body("detail", containsString("quarkus.http.limits.max-initial-line-length"));
    given()
        .when()
        .get("/v1/models?" + query)
        .then()
        .statusCode(414)
        .contentType("application/json")
        .body("error.code", equalTo("uri_too_long"));
  }

  @Test
  void headersOverTheLimitGet431WithAProblem() {
    given()
        .header("X-Padding", "a".repeat(40_000))
        .when()
        .get("/v1/models/digits-cnn/layers")
        .then()
        .statusCode(431)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:zora:problem:headers-too-large"))
        .body("detail", containsString("quarkus.http.limits.max-header-size"));
  }

  @Test
  void aChunkedBodyOverTheUploadLimitGetsAProblemOnEveryEndpoint() throws Exception {
    // Refused as it passes the limit; the rest is within what the refusal reads and drops before
    // closing.
    long bytes = 26_214_400 + 200_000;
    for (String path :
        new String[] {
          "v1/transcriptions",
          "v1/models/digits-cnn/activations?layers=logits",
          "v1/models/digits-cnn/attributions?method=occlusion"
        }) {
      HttpResponse<String> response = postChunked(path, bytes);
      assertEquals(413, response.statusCode(), path + ": " + response.body());
      assertEquals(PROBLEM, response.headers().firstValue("Content-Type").orElse(""), path);
      assertTrue(response.body().contains("zora.limits.max-upload-bytes"), response.body());
    }
  }

  @Test
  void aChunkedBodyWithinTheLimitIsTranscribed() throws Exception {
    byte[] wav = clip().wavBytes();
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("v1/transcriptions"))
            .header("Content-Type", "audio/wav")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wav)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"label\":\"" + clip().label() + "\""), response.body());
  }

  @Test
  void aFormWithTwoFilesIsRefusedRatherThanOneIgnored() {
    twoFiles()
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("detail", containsString("2 `file` parts"));
    twoFiles()
        .formParam("model", "digits-cnn")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(400)
        .body("error.message", containsString("2 `file` parts"));
    twoFiles()
        .when()
        .post("/v1/models/digits-cnn/activations?layers=logits")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("detail", containsString("2 `file` parts"));
  }

  @Test
  void anOverlongTextFieldIsABadRequestNamingTheFieldLimit() {
    given()
        .multiPart("file", "a.wav", clip().wavBytes(), "audio/wav")
        .multiPart("prompt", "a".repeat(10_000))
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error.message", containsString("quarkus.http.limits.max-form-attribute-size"));
  }

  private HttpResponse<String> postChunked(String path, long bytes) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve(path))
            .header("Content-Type", "audio/wav")
            // An input-stream publisher has no length, so the client sends it chunked.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(bytes)))
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(path + ": the server reset the upload instead of answering", e);
    }
  }

  /** {@code bytes} zeros, produced as they are read. */
  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long bytes) {
      this.left = bytes;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      Arrays.fill(buffer, offset, offset + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
