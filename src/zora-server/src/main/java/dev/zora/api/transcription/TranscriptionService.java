package dev.zora.api.transcription;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.api.upload.AudioMemoryBudget;
import dev.zora.decode.Transcript;
import dev.zora.pipeline.SpeechDetection;
import dev.zora.pipeline.TranscriptionResult;
import dev.zora.pipeline.Zora;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What both transcription endpoints share: picking the model and the speech detector, holding the
 * audio within the memory budget, and timing each stage for /q/metrics.
 */
@ApplicationScoped
public class TranscriptionService {
  private final Zora zora;
  private final MeterRegistry meters;
  private final AudioMemoryBudget budget;

  public TranscriptionService(Zora zora, MeterRegistry meters, AudioMemoryBudget budget) {
    this.zora = zora;
    this.meters = meters;
    this.budget = budget;
    Gauge.builder("zora.audio.memory.reserved", budget, AudioMemoryBudget::reservedBytes)
        .baseUnit("bytes")
        .description("Audio the transcriptions in flight hold now (zora.limits.audio-memory-bytes)")
        .register(meters);
    Gauge.builder("zora.audio.memory.budget", budget, AudioMemoryBudget::capacityBytes)
        .baseUnit("bytes")
        .description("The audio the transcriptions in flight may hold at once")
        .register(meters);
  }

  /**
   * @param endpoint a short name for the metrics tag
   * @param model the requested model id; null or blank means the default model
   * @param vad the requested speech detector's name; null or blank means the server's default
   */
  public TranscriptionResult transcribe(String endpoint, String model, String vad, byte[] audio) {
    return transcribe(endpoint, model, vad, audio, part -> {});
  }

  /** As above, telling {@code onUtterance} each utterance's transcript as soon as it is decoded. */
  public TranscriptionResult transcribe(
      String endpoint, String model, String vad, byte[] audio, Consumer<Transcript> onUtterance) {
    String id = model == null || model.isBlank() ? zora.defaultModel() : model.strip();
    SpeechDetection detection = detection(vad);
    // Unknown ids are folded into one tag value so clients cannot grow the metric set.
    String modelTag = zora.model(id).isPresent() ? id : "unknown";
    Timer.Sample sample = Timer.start(meters);
    String outcome = "error";
    try {
      TranscriptionResult result;
      try (AudioMemoryBudget.Reservation reservation = budget.reserve(audio)) {
        result = zora.transcribe(id, audio, detection, onUtterance);
      }
      record(
          "zora.audio.decode",
          "Audio decoding and resampling",
          modelTag,
          result.timings().decodeMs());
      record("zora.frontend", "Log-mel front end", modelTag, result.timings().frontendMs());
      record(
          "zora.inference",
          "Model runs and output decoding",
          modelTag,
          result.timings().inferenceMs());
      outcome = "success";
      return result;
    } finally {
      sample.stop(
          Timer.builder("zora.request")
              .description("Transcription requests, from the body read to the answer")
              .tag("endpoint", endpoint)
              .tag("model", modelTag)
              .tag("outcome", outcome)
              .register(meters));
    }
  }

  private SpeechDetection detection(String vad) {
    if (vad == null || vad.isBlank()) {
      return zora.defaultVad();
    }
    try {
      return SpeechDetection.fromWireName(vad.strip());
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemKind.BAD_REQUEST, e.getMessage());
    }
  }

  private void record(String name, String description, String model, double millis) {
    Timer.builder(name)
        .description(description)
        .tag("model", model)
        .register(meters)
        .record(Duration.ofNanos((long) (millis * 1e6)));
  }
}
