package dev.zora.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.inference.Device;
import dev.zora.pipeline.SpeechDetection;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration table (docs/configuration.md) is what Docker and Kubernetes users set: every
 * {@code zora.*} setting is in it with its true default, and every environment variable it names
 * really sets its key.
 */
class EnvironmentVariablesTest {
  private static final Path CONFIGURATION_DOC = Path.of("docs", "configuration.md");

  /** {@code | `VARIABLE` | `key` | default | meaning |} */
  private static final Pattern ROW =
      Pattern.compile("^\\| `([A-Z0-9_]+)` \\| `([a-z0-9.-]+)` \\| ([^|]+) \\|");

  private record Row(String variable, String key, String defaultCell) {}

  private static Map<String, Row> documentedRows() throws IOException {
    String table = Files.readString(CONFIGURATION_DOC);
    Map<String, Row> rows = new TreeMap<>();
    for (String line : table.lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(2), new Row(m.group(1), m.group(2), m.group(3).strip()));
      }
    }
    return rows;
  }

  /** Every leaf of the mapping: key → its {@code @WithDefault}, or null for an optional setting. */
  private static Map<String, String> settings(Class<?> group, String prefix) {
    Map<String, String> settings = new TreeMap<>();
    for (Method method : group.getDeclaredMethods()) {
      String key =
          prefix
              + "."
              + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      if (method.getReturnType().isInterface()
          && method.getReturnType().getEnclosingClass() == ZoraConfig.class) {
        settings.putAll(settings(method.getReturnType(), key));
      } else {
        WithDefault withDefault = method.getAnnotation(WithDefault.class);
        settings.put(key, withDefault == null ? null : withDefault.value());
      }
    }
    return settings;
  }

  @Test
  void everyZoraSettingIsInTheReadmeWithItsDefault() throws IOException {
    Map<String, Row> rows = documentedRows();
    settings(ZoraConfig.class, "zora")
        .forEach(
            (key, defaultValue) -> {
              Row row = rows.get(key);
              assertTrue(row != null, key + " is missing from docs/configuration.md's table");
              if (defaultValue == null) {
                assertTrue(
                    row.defaultCell().startsWith("none"),
                    key + " has no default, docs/configuration.md says " + row.defaultCell());
              } else {
                assertTrue(
                    row.defaultCell().startsWith("`" + defaultValue + "`"),
                    key
                        + " defaults to "
                        + defaultValue
                        + ", docs/configuration.md says "
                        + row.defaultCell());
              }
            });
  }

  @Test
  void everyVariableIsItsKeyInCapitals() throws IOException {
    for (Row row : documentedRows().values()) {
      assertEquals(
          row.key().replaceAll("[^a-z0-9]", "_").toUpperCase(Locale.ROOT),
          row.variable(),
          row.key());
    }
  }

  @Test
  void everyVariableSetsItsKey() throws IOException {
    for (Row row : documentedRows().values()) {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withSources(new EnvConfigSource(Map.of(row.variable(), "set-by-environment"), 300))
              .build();
      assertEquals(
          Optional.of("set-by-environment"),
          config.getOptionalValue(row.key(), String.class),
          row.variable() + " does not set " + row.key());
    }
  }

  @Test
  void theZoraVariablesConfigureTheServer() throws IOException {
    Map<String, String> samples =
        Map.ofEntries(
            Map.entry("zora.models.dir", "/srv/zora/models"),
            Map.entry("zora.models.default-model", "digits-ctc"),
            Map.entry("zora.inference.device", "cuda"),
            Map.entry("zora.inference.intra-op-threads", "3"),
            Map.entry("zora.inference.inter-op-threads", "2"),
            Map.entry("zora.inference.max-concurrent-runs", "5"),
            Map.entry("zora.inference.max-queued-runs", "7"),
            Map.entry("zora.inference.queue-timeout", "9s"),
            Map.entry("zora.inference.batching.max-size", "4"),
            Map.entry("zora.inference.batching.window", "3ms"),
            Map.entry("zora.limits.max-upload-bytes", "1000"),
            Map.entry("zora.limits.max-duration-seconds", "12.5"),
            Map.entry("zora.limits.audio-memory-bytes", "64000000"),
            Map.entry("zora.limits.body-deadline", "20s"),
            Map.entry("zora.limits.max-connections-per-address", "7"),
            Map.entry("zora.audio.ffmpeg-path", "/opt/ffmpeg/bin/ffmpeg"),
            Map.entry("zora.audio.ffmpeg-timeout", "15s"),
            Map.entry("zora.decode.beam-width", "1"),
            Map.entry("zora.decode.max-tokens", "20"),
            Map.entry("zora.decode.max-tokens-per-second", "2.5"),
            Map.entry("zora.decode.length-normalization", "0.5"),
            Map.entry("zora.segmentation.vad", "energy"),
            Map.entry("zora.segmentation.threshold-db", "6.5"),
            Map.entry("zora.segmentation.min-level-db", "-60"),
            Map.entry("zora.segmentation.onset-seconds", "0.1"),
            Map.entry("zora.segmentation.min-pause-seconds", "1.2"),
            Map.entry("zora.segmentation.padding-seconds", "0.25"),
            Map.entry("zora.segmentation.max-utterance-seconds", "30"),
            Map.entry("zora.stream.max-connections", "8"),
            Map.entry("zora.stream.max-frame-bytes", "65536"),
            Map.entry("zora.stream.idle-timeout", "45s"),
            Map.entry("zora.stream.max-session", "2h"),
            Map.entry("zora.stream.max-buffered-bytes", "1048576"),
            Map.entry("zora.stream.min-pause-seconds", "0.4"),
            Map.entry("zora.stream.partial-interval-seconds", "0.25"),
            Map.entry("zora.stream.workers", "2"),
            Map.entry("zora.shutdown.grace", "50s"),
            Map.entry("zora.api-keys", "first-key,second-key"),
            Map.entry("zora.admin-keys", "admin-key"),
            Map.entry("zora.openai.model-aliases", "whisper-1=digits-ctc"),
            Map.entry("zora.rate-limit.requests-per-minute", "120"),
            Map.entry("zora.rate-limit.burst", "4"),
            Map.entry("zora.explain.max-duration-seconds", "45"));
    Map<String, String> environment = new HashMap<>();
    documentedRows().values().stream()
        .filter(row -> row.key().startsWith("zora."))
        .forEach(
            row -> {
              assertTrue(
                  samples.containsKey(row.key()),
                  "give " + row.key() + " a sample value in this test");
              environment.put(row.variable(), samples.get(row.key()));
            });

    ZoraConfig config =
        new SmallRyeConfigBuilder()
            .withConverter(
                Duration.class,
                100,
                new DurationConverter()) // Quarkus' "30s" form, as the server reads it
            .withMapping(ZoraConfig.class)
            .withSources(new EnvConfigSource(environment, 300))
            .build()
            .getConfigMapping(ZoraConfig.class);

    assertEquals("/srv/zora/models", config.models().dir());
    assertEquals("digits-ctc", config.models().defaultModel());
    assertEquals(Device.CUDA, config.inference().device());
    assertEquals(3, config.inference().intraOpThreads());
    assertEquals(2, config.inference().interOpThreads());
    assertEquals(5, config.inference().maxConcurrentRuns());
    assertEquals(7, config.inference().maxQueuedRuns());
    assertEquals(Duration.ofSeconds(9), config.inference().queueTimeout());
    assertEquals(4, config.inference().batching().maxSize());
    assertEquals(Duration.ofMillis(3), config.inference().batching().window());
    assertEquals(1000, config.limits().maxUploadBytes());
    assertEquals(12.5, config.limits().maxDurationSeconds());
    assertEquals(64_000_000L, config.limits().audioMemoryBytes().orElseThrow());
    assertEquals(Duration.ofSeconds(20), config.limits().bodyDeadline());
    assertEquals(List.of("admin-key"), config.adminKeys().orElseThrow());
    assertEquals(List.of("whisper-1=digits-ctc"), config.openai().modelAliases().orElseThrow());
    assertEquals("/opt/ffmpeg/bin/ffmpeg", config.audio().ffmpegPath());
    assertEquals(Duration.ofSeconds(15), config.audio().ffmpegTimeout());
    assertEquals(1, config.decode().beamWidth());
    assertEquals(20, config.decode().maxTokens());
    assertEquals(2.5, config.decode().maxTokensPerSecond());
    assertEquals(0.5, config.decode().lengthNormalization());
    assertEquals(SpeechDetection.ENERGY, config.segmentation().vad());
    assertEquals(6.5, config.segmentation().thresholdDb());
    assertEquals(-60, config.segmentation().minLevelDb());
    assertEquals(0.1, config.segmentation().onsetSeconds());
    assertEquals(1.2, config.segmentation().minPauseSeconds());
    assertEquals(0.25, config.segmentation().paddingSeconds());
    assertEquals(45, config.explain().maxDurationSeconds());
    assertEquals(30, config.segmentation().maxUtteranceSeconds());
    assertEquals(8, config.stream().maxConnections());
    assertEquals(65536, config.stream().maxFrameBytes());
    assertEquals(Duration.ofSeconds(45), config.stream().idleTimeout());
    assertEquals(Duration.ofHours(2), config.stream().maxSession());
    assertEquals(Duration.ofSeconds(50), config.shutdown().grace());
    assertEquals(1048576, config.stream().maxBufferedBytes());
    assertEquals(0.4, config.stream().minPauseSeconds());
    assertEquals(0.25, config.stream().partialIntervalSeconds());
    assertEquals(2, config.stream().workers());
    assertEquals(Optional.of(List.of("first-key", "second-key")), config.apiKeys());
    assertEquals(120, config.rateLimit().requestsPerMinute());
    assertEquals(4, config.rateLimit().burst());
  }
}
