package dev.zora.api.explain;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
    name = "Layers",
    description = "Every float tensor of a model's graphs that activations can return")
public record LayersResponse(
    @Schema(examples = "digits-cnn") String model,
    @Schema(description = "Seconds between log-mel frames", examples = "0.01")
        double secondsPerFrame,
    List<LayerResponse> layers) {}
