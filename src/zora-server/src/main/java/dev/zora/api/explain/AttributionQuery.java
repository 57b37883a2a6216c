package dev.zora.api.explain;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.explain.AttributionMethod;
import dev.zora.explain.AttributionOptions;
import dev.zora.explain.AttributionRequest;
import dev.zora.explain.Baseline;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query parameters of POST /v1/models/{id}/attributions; absent ones take the defaults of
 * {@link AttributionOptions}.
 */
public record AttributionQuery(
    @RestQuery
        @Parameter(
            description =
                "occlusion, rise, cam, score-cam, kernel-shap, attention, attention-rollout",
            required = true)
        String method,
    @RestQuery
        @Parameter(
            description =
                "Class index (classifiers; default the predicted class) or token position"
                    + " in the transcript (ctc, seq2seq; default 0)")
        Integer target,
    @RestQuery
        @Parameter(
            description =
                "What removed cells become: mean (each mel bin's mean over the clip; default)"
                    + " or floor (its lowest value)")
        String baseline,
    @RestQuery @Parameter(description = "occlusion: window length in frames (default 10)")
        Integer windowFrames,
    @RestQuery @Parameter(description = "occlusion: window height in mel bins (default 8)")
        Integer windowMels,
    @RestQuery @Parameter(description = "occlusion: step along time (default 5)")
        Integer strideFrames,
    @RestQuery @Parameter(description = "occlusion: step along frequency (default 4)")
        Integer strideMels,
    @RestQuery @Parameter(description = "rise: number of masks (default 500, at most 5000)")
        Integer masks,
    @RestQuery
        @Parameter(
            description =
                "rise: mask cell length; kernel-shap: group length, in frames (default 10)")
        Integer cellFrames,
    @RestQuery
        @Parameter(
            description =
                "rise: mask cell height; kernel-shap: group height, in mel bins (default 8)")
        Integer cellMels,
    @RestQuery @Parameter(description = "rise: chance a mask cell is kept (default 0.5)")
        Double keepProbability,
    @RestQuery
        @Parameter(description = "kernel-shap: number of coalitions (default 300, at most 5000)")
        Integer samples,
    @RestQuery
        @Parameter(
            description =
                "cam, score-cam, attention: the tensor to use (default: the manifest's last"
                    + " NCTF layer, or last decoder cross-attention)")
        String layer,
    @RestQuery
        @Parameter(description = "Seed of the random masks, coalitions and ordering (default 0)")
        Long seed,
    @RestQuery
        @Parameter(
            description = "Also measure deletion/insertion curves with this many steps (1-200)")
        Integer faithfulnessSteps,
    @RestQuery
        @Parameter(
            description =
                "Also resynthesise the audio keeping, and removing, this share of the most"
                    + " attributed cells (0-1, exclusive)")
        Double evidenceFraction,
    @RestQuery
        @Parameter(description = "float32 (default) or float16 for the map and the log-mel values")
        String encoding) {

  AttributionRequest toRequest() {
    if (method == null || method.isBlank()) {
      throw new ApiException(ProblemKind.BAD_REQUEST, "the method query parameter is required");
    }
    AttributionOptions d = AttributionOptions.DEFAULTS;
    AttributionOptions options =
        new AttributionOptions(
            baseline == null ? d.baseline() : Baseline.fromApiName(baseline),
            or(windowFrames, d.windowFrames()),
            or(windowMels, d.windowMels()),
            or(strideFrames, d.strideFrames()),
            or(strideMels, d.strideMels()),
            or(masks, d.masks()),
            or(cellFrames, d.cellFrames()),
            or(cellMels, d.cellMels()),
            keepProbability == null ? d.keepProbability() : keepProbability,
            or(samples, d.samples()),
            layer == null || layer.isBlank() ? d.layer() : layer,
            seed == null ? d.seed() : seed);
    return new AttributionRequest(
        AttributionMethod.fromApiName(method),
        target,
        options,
        faithfulnessSteps,
        evidenceFraction);
  }

  private static int or(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }
}
