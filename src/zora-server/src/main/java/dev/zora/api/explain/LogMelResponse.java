package dev.zora.api.explain;

import dev.zora.frontend.LogMelFeatures;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The model's log-mel input, which maps and activations are aligned to. */
@Schema(name = "LogMel")
public record LogMelResponse(
    @Schema(examples = "98") int frames,
    @Schema(examples = "40") int melBins,
    @Schema(description = "Seconds between frames", examples = "0.01") double secondsPerFrame,
    @Schema(description = "[frames, melBins]") EncodedTensor values) {

  static LogMelResponse of(LogMelFeatures features, TensorEncoding encoding) {
    return new LogMelResponse(
        features.frames(),
        features.melBins(),
        features.secondsPerFrame(),
        EncodedTensor.of(
            features.values(), new long[] {features.frames(), features.melBins()}, encoding));
  }
}
