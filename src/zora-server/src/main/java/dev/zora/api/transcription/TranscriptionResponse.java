package dev.zora.api.transcription;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zora.decode.Segment;
import dev.zora.pipeline.Timings;
import dev.zora.pipeline.TranscriptionResult;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code POST /v1/transcriptions}, the same shape for every task. */
@Schema(name = "Transcription")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptionResponse(
    @Schema(description = "Id of the model that answered", examples = "digits-cnn") String model,
    @Schema(description = "What was said; empty when the model heard no word", examples = "seven")
        String text,
    @Schema(description = "Classifiers only: the most probable label", examples = "seven")
        String label,
    @Schema(
            description =
                "Classifiers only: probability of every label, in the model's label order")
        Map<String, Double> probabilities,
    @Schema(description = "Timed stretches of text") List<SegmentResponse> segments,
    @Schema(description = "Duration of the audio in seconds", examples = "0.64") double duration,
    @Schema(description = "Where the time went") TimingsResponse timings) {

  @Schema(name = "Segment")
  public record SegmentResponse(
      @Schema(description = "Start in seconds from the beginning of the audio") double start,
      @Schema(description = "End in seconds from the beginning of the audio") double end,
      String text,
      @Schema(description = "The model's probability for this text, 0..1") double confidence) {

    static SegmentResponse of(Segment segment) {
      return new SegmentResponse(
          segment.startSeconds(), segment.endSeconds(), segment.text(), segment.confidence());
    }
  }

  @Schema(name = "Timings", description = "Milliseconds spent in each stage")
  public record TimingsResponse(
      @Schema(description = "Audio decoding and resampling") double decodeMs,
      @Schema(description = "Log-mel front end") double frontendMs,
      @Schema(description = "Model runs and output decoding") double inferenceMs,
      @Schema(description = "The whole pipeline") double totalMs) {

    static TimingsResponse of(Timings t) {
      return new TimingsResponse(t.decodeMs(), t.frontendMs(), t.inferenceMs(), t.totalMs());
    }
  }

  static TranscriptionResponse of(TranscriptionResult result) {
    var classification = result.transcript().classification();
    return new TranscriptionResponse(
        result.model(),
        result.transcript().text(),
        classification.map(c -> c.label()).orElse(null),
        classification.map(c -> c.probabilities()).orElse(null),
        result.transcript().segments().stream().map(SegmentResponse::of).toList(),
        result.durationSeconds(),
        TimingsResponse.of(result.timings()));
  }
}
