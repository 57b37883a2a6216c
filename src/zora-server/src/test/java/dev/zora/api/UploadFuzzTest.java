package dev.zora.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever bytes arrive at the upload endpoints, as a raw body or as a multipart form whose
 * structure the fuzzer mutates too, the answer is never a 5xx, and every refusal is problem+json.
 * The first input byte picks the endpoint and framing, the rest is the body as sent.
 */
@QuarkusTest
class UploadFuzzTest {
  /** The boundary the committed multipart inputs use. */
  static final String BOUNDARY = "zora-fuzz";

  private record Target(String path, String contentType) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("/v1/transcriptions", "audio/wav"),
          new Target("/v1/transcriptions", "multipart/form-data; boundary=" + BOUNDARY),
          new Target("/v1/audio/transcriptions", "multipart/form-data; boundary=" + BOUNDARY));

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TestHTTPResource("/")
  URI server;

  @FuzzTest(maxDuration = "5s")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void neverAServerError(byte[] input) throws IOException, InterruptedException {
    if (input.length == 0) {
      return;
    }
    Target target = TARGETS.get(Byte.toUnsignedInt(input[0]) % TARGETS.size());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.resolve(target.path()))
                .header("Content-Type", target.contentType())
                .timeout(Duration.ofSeconds(20))
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Arrays.copyOfRange(input, 1, input.length)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.body());
    if (response.statusCode() >= 400) {
      // problem+json on Zora's own API; OpenAI's {"error": ...} JSON on its surface (ErrorBody)
      String expected =
          target.path().startsWith("/v1/audio/") ? "application/json" : "application/problem+json";
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith(expected),
          response.statusCode() + " " + response.headers().map());
    }
  }
}
