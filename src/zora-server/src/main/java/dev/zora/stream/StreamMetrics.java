package dev.zora.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the live streams did, for /q/metrics: the audio they sent and the finals they got, per model
 * (a stream has a model once it started, so the tag values are the served ids), and the errors they
 * were sent, by code (the protocol's closed set).
 */
final class StreamMetrics {
  private final MeterRegistry meters;

  StreamMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** A started stream's counters, looked up once at its start rather than on every frame. */
  record ModelCounters(Counter audioSeconds, Counter finals) {}

  ModelCounters forModel(String model) {
    return new ModelCounters(
        Counter.builder("zora.stream.audio")
            .baseUnit("seconds")
            .description("Audio received by live streams")
            .tag("model", model)
            .register(meters),
        Counter.builder("zora.stream.finals")
            .description("Final results sent to live streams")
            .tag("model", model)
            .register(meters));
  }

  /**
   * Counts what a message means for the metrics: a final of a started stream, or an error and its
   * code.
   */
  void sent(ServerMessage message, ModelCounters stream) {
    if (message instanceof ServerMessage.Final && stream != null) {
      stream.finals().increment();
    } else if (message instanceof ServerMessage.Error error) {
      Counter.builder("zora.stream.errors")
          .description("Error messages sent to live streams, by code")
          .tag("code", error.code())
          .register(meters)
          .increment();
    }
  }
}
