package dev.zora.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.Commands;
import dev.zora.testing.Golden;
import dev.zora.testing.StreamClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules in docker/monitoring ask only for metrics the server
 * exposes (once it has served a transcription, an error, an explanation and a stream), so neither
 * can silently go blank when a metric is renamed; and Prometheus' own checker accepts the scrape
 * config and the rules.
 */
@QuarkusTest
class MonitoringConfigTest {
  private static final Path MONITORING = Path.of("docker", "monitoring");

  /** Metric names in PromQL: ours, Quarkus' HTTP server's and the process'. */
  private static final Pattern METRIC = Pattern.compile("\\b(?:zora|http_server|process)_[a-z_]+");

  @TestHTTPResource("/v1/stream")
  URI stream;

  @Test
  void everyQueryOfTheDashboardAndTheAlertsNamesAnExposedMetric() throws Exception {
    serveOneOfEach();
    Set<String> exposed =
        given()
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .lines()
            .filter(line -> !line.startsWith("#") && !line.isBlank())
            .map(line -> line.split("[{ ]", 2)[0])
            .collect(Collectors.toCollection(TreeSet::new));
    List<String> queries = new ArrayList<>();
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    dashboard
        .get("panels")
        .forEach(panel -> panel.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
    Matcher alert =
        Pattern.compile("expr: (.+)")
            .matcher(Files.readString(MONITORING.resolve("zora-alerts.yml")));
    while (alert.find()) {
      queries.add(alert.group(1));
    }
    assertTrue(queries.size() > 10, "queries found: " + queries);
    for (String query : queries) {
      Matcher names = METRIC.matcher(query);
      while (names.find()) {
        assertTrue(
            exposed.contains(names.group()), names.group() + " (in " + query + ") is not exposed");
      }
    }
  }

  @Test
  void prometheusAcceptsTheScrapeConfigAndTheRules() throws Exception {
    assumeTrue(Commands.succeeds("promtool", "--version"), "promtool is not installed");
    assertTrue(
        Commands.succeeds(
            "promtool", "check", "config", MONITORING.resolve("prometheus.yml").toString()));
    assertTrue(
        Commands.succeeds(
            "promtool", "check", "rules", MONITORING.resolve("zora-alerts.yml").toString()));
  }

  /**
   * A transcription, an unknown model, an occlusion map and a stream that gets a final and an
   * error.
   */
  private void serveOneOfEach() {
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
    byte[] wav =
        Golden.all(Golden.MODELS.resolve("digits-ctc")).stream()
            .filter(g -> g.name().startsWith("fsdd-string"))
            .findFirst()
            .orElseThrow()
            .wavBytes();
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    byte[] pcm =
        Arrays.copyOfRange(wav, header.dataOffset(), header.dataOffset() + header.dataLength());
    StreamClient client =
        StreamClient.connect(stream)
            .start("digits-ctc", header.sampleRate(), "pcm_s16le", 1)
            .audioInFrames(pcm, 800)
            .stop();
    assertEquals(1000, client.awaitClose(Duration.ofSeconds(30)).code());
    StreamClient.connect(stream).text("{\"type\":\"nonsense\"}").awaitClose(Duration.ofSeconds(30));
  }
}
