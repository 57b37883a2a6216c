package dev.zora.api.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zora.explain.Activation;
import dev.zora.explain.Activations;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Activations")
public record ActivationsResponse(
    @Schema(examples = "digits-cnn") String model,
    @Schema(
            description = "The model's answer on the audio: a label or a transcript",
            examples = "seven")
        String prediction,
    LogMelResponse logMel,
    List<Tensor> tensors,
    @JsonInclude(JsonInclude.Include.NON_NULL) SegmentResponse segment) {

  /** One tensor's value, its alignment to the input's time, and per-channel summaries. */
  @Schema(name = "ActivationTensor")
  public record Tensor(
      LayerResponse layer,
      @Schema(description = "The values on this audio (shape for this audio)") EncodedTensor values,
      @Schema(
              description = "The axis the summaries are per entry of (channels, heads or features)",
              examples = "1")
          int channelAxis,
      @Schema(description = "Per channel: the mean over every other axis") double[] mean,
      @Schema(description = "Per channel: the minimum") double[] min,
      @Schema(description = "Per channel: the maximum") double[] max) {}

  static ActivationsResponse of(Activations activations, TensorEncoding encoding) {
    double secondsPerFrame = activations.logMel().secondsPerFrame();
    return new ActivationsResponse(
        activations.model(),
        activations.prediction(),
        LogMelResponse.of(activations.logMel(), encoding),
        activations.tensors().stream().map(a -> tensor(a, secondsPerFrame, encoding)).toList(),
        SegmentResponse.of(activations.segment()));
  }

  private static Tensor tensor(Activation a, double secondsPerFrame, TensorEncoding encoding) {
    return new Tensor(
        LayerResponse.of(a.layer(), secondsPerFrame),
        EncodedTensor.of(a.value().values(), a.value().shape(), encoding),
        a.layer().channelAxis(),
        a.mean(),
        a.min(),
        a.max());
  }
}
