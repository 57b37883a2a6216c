package dev.zora.api.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zora.explain.LayerInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One readable tensor of a model. */
@Schema(name = "GraphTensor")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerResponse(
    @Schema(
            description = "The bundle file's role",
            examples = "model",
            enumeration = {"model", "encoder", "decoder"})
        String graph,
    @Schema(description = "The tensor's name in the graph", examples = "conv1_out") String tensor,
    @Schema(
            description = "The ONNX operator that writes it; Input for a graph input",
            examples = "MaxPool")
        String opType,
    @Schema(
            description = "Its shape for one second of audio (decoder: a one-token prefix)",
            examples = "[1, 16, 48, 20]")
        long[] shape,
    @Schema(
            description = "The axis that follows the input's length; absent when none does",
            examples = "2")
        Integer timeAxis,
    @Schema(description = "Log-mel frames per step along the time axis", examples = "2.0")
        Double framesPerStep,
    @Schema(description = "Seconds per step along the time axis", examples = "0.02")
        Double secondsPerStep,
    @Schema(description = "The manifest's friendly name") String title,
    @Schema(description = "The manifest's kind", examples = "conv2d") String kind,
    @Schema(
            description =
                "The manifest's axis letters (N batch, C channels, T time, F frequency, H heads,"
                    + " Q queries, K keys)",
            examples = "NCTF")
        String layout) {

  static LayerResponse of(LayerInfo layer, double secondsPerFrame) {
    return new LayerResponse(
        layer.graph(),
        layer.tensor(),
        layer.opType(),
        layer.shape(),
        layer.timeAxis(),
        layer.framesPerStep(),
        layer.framesPerStep() == null ? null : layer.framesPerStep() * secondsPerFrame,
        layer.title(),
        layer.kind(),
        layer.layout());
  }
}
