package dev.zora.server;

import dev.zora.model.ModelStatus;
import dev.zora.pipeline.Zora;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics an operator alerts on, besides the timers and counters the endpoints record: every
 * timer as a histogram with buckets (Prometheus sums buckets across pods into a p95; summaries
 * cannot be summed), the inference pool's runs in flight and waiting, how much cross-request
 * batching happened, the process' resident memory, and each model's state ({@code
 * zora_model_serving}: 1 ready or stale, 0 failed).
 */
@ApplicationScoped
public class ZoraMetrics {
  private static final Duration SHORTEST = Duration.ofMillis(1);
  private static final Duration LONGEST = Duration.ofSeconds(60);

  /** Timers of Zora and of the HTTP server publish histogram buckets from 1 ms to 60 s. */
  @Produces
  @Singleton
  MeterFilter histograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        boolean ours = id.getName().startsWith("zora.") || id.getName().startsWith("http.server.");
        if (id.getType() != Meter.Type.TIMER || !ours) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(true)
            .minimumExpectedValue((double) SHORTEST.toNanos())
            .maximumExpectedValue((double) LONGEST.toNanos())
            .build()
            .merge(config);
      }
    };
  }

  /**
   * Quotes in a meter's description become apostrophes: the Prometheus text format allows no {@code
   * \"} in HELP, and promtool refused the whole exposition over the JVM binder's "The \"recent cpu
   * usage\" ..." text.
   */
  @Produces
  @Singleton
  MeterFilter plainDescriptions() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description == null || description.indexOf('"') < 0) {
          return id;
        }
        return new Meter.Id(
            id.getName(),
            Tags.of(id.getTags()),
            id.getBaseUnit(),
            description.replace('"', '\''),
            id.getType());
      }
    };
  }

  /** VmRSS from /proc/self/status; NaN where there is none (not Linux). */
  static double residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  @Startup
  @ApplicationScoped
  static class Gauges {
    private final Set<String> modelsWithGauge = ConcurrentHashMap.newKeySet();

    Gauges(Zora zora, MeterRegistry meters) {
      Gauge.builder("zora.inference.runs.in_flight", zora.runtime(), r -> r.runsInFlight())
          .description("Model runs executing now, over all models")
          .register(meters);
      Gauge.builder("zora.inference.runs.waiting", zora.runtime(), r -> r.runsWaiting())
          .description("Model runs waiting for an inference slot (the queue depth)")
          .register(meters);
      Gauge.builder("zora.process.resident.memory", ZoraMetrics::residentBytes)
          .baseUnit("bytes")
          .description(
              "The server process' resident set size (VmRSS), what the kernel counts against a memory limit")
          .register(meters);
      FunctionCounter.builder("zora.batching.runs", zora.runtime(), r -> r.batching().runs())
          .description("Batched model runs (requests / runs is the mean batch size)")
          .register(meters);
      FunctionCounter.builder(
              "zora.batching.requests", zora.runtime(), r -> r.batching().requests())
          .description("Requests answered by batched model runs")
          .register(meters);
      // Bundles appear by reload too: each gets its gauge when first listed, read from the
      // registry.
      Gauge.builder(
              "zora.models",
              zora,
              z -> {
                z.models().forEach(status -> register(status, zora, meters));
                return z.models().size();
              })
          .description("Bundles listed, ready, stale or failed")
          .register(meters);
      zora.models().forEach(status -> register(status, zora, meters));
    }

    private void register(ModelStatus status, Zora zora, MeterRegistry meters) {
      String id = status.id();
      if (modelsWithGauge.add(id)) {
        Gauge.builder(
                "zora.model.serving",
                zora,
                z -> z.model(id).map(s -> s.isServing() ? 1.0 : 0.0).orElse(0.0))
            .description(
                "1 while the model serves (ready or stale), 0 when it failed or was removed")
            .tag("model", id)
            .register(meters);
      }
    }
  }
}
