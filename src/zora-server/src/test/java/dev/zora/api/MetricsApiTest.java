package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.testing.Commands;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /q/metrics after a transcription: latency histograms with buckets per model and endpoint, the
 * inference pool's gauges, open streams and each model's state, in an exposition that Prometheus'
 * own checker ({@code promtool check metrics}, Debian's prometheus package) accepts.
 */
@QuarkusTest
class MetricsApiTest {

  @Test
  void theExpositionHasHistogramsGaugesAndModelStatesAndPromtoolAcceptsIt(@TempDir Path dir)
      throws Exception {
    Golden clip = Golden.digits(Golden.DIGITS_CNN).get(0);
    given()
        .contentType("audio/wav")
        .body(clip.wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200);
    given()
        .contentType("audio/wav")
        .body(clip.wavBytes())
        .when()
        .post("/v1/transcriptions?model=nope")
        .then()
        .statusCode(404);
    given()
        .contentType("audio/wav")
        .body(clip.wavBytes())
        .when()
        .post("/v1/models/digits-cnn/attributions?method=occlusion")
        .then()
        .statusCode(200);
    String metrics =
        given()
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .body(containsString("zora_request_seconds_bucket{"))
            .body(containsString("zora_inference_seconds_bucket{"))
            .body(containsString("zora_audio_decode_seconds_bucket{"))
            .body(containsString("http_server_requests_seconds_bucket{"))
            .body(containsString("zora_inference_runs_in_flight"))
            .body(containsString("zora_inference_runs_waiting"))
            .body(containsString("zora_streams_open"))
            .body(containsString("zora_model_serving{model=\"digits-cnn\"} 1.0"))
            .body(containsString("zora_http_errors_total{code=\"unknown-model\"}"))
            .body(containsString("zora_explain_requests_total{method=\"occlusion\"}"))
            .body(containsString("zora_batching_runs_total"))
            .body(containsString("zora_batching_requests_total"))
            .extract()
            .asString();
    assumeTrue(Commands.succeeds("promtool", "--version"), "promtool is not installed");
    Path exposition = dir.resolve("metrics.txt");
    Files.writeString(exposition, metrics, StandardCharsets.UTF_8);
    Process check =
        new ProcessBuilder("sh", "-c", "promtool check metrics < " + exposition)
            .redirectErrorStream(true)
            .start();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check.waitFor();
    // promtool parses first, then lints. It must parse; lint remarks may name the JVM and HTTP
    // binders' meters (Micrometer's, some without help text) but none of Zora's own, except one
    // that
    // is promtool 2.42's own: it looks for a counter's HELP under its sample's name (x_total),
    // where
    // the exposition writes it under the family's name (x), as OpenMetrics does.
    assertFalse(said.contains("parsing error"), said);
    assertFalse(
        said.lines()
            .filter(line -> line.startsWith("zora_"))
            .anyMatch(line -> !helpUnderFamily(line, metrics)),
        said);
  }

  private static boolean helpUnderFamily(String lint, String metrics) {
    String suffix = "_total no help text";
    if (!lint.endsWith(suffix)) {
      return false;
    }
    String family = lint.substring(0, lint.length() - suffix.length());
    return metrics
        .lines()
        .anyMatch(
            line ->
                line.startsWith("# HELP " + family + " ") && line.length() > family.length() + 8);
  }
}
