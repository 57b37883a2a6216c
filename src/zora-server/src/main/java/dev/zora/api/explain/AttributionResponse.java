package dev.zora.api.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zora.explain.Attribution;
import dev.zora.explain.Evidence;
import dev.zora.explain.Faithfulness;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Attribution")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttributionResponse(
    @Schema(examples = "digits-cnn") String model,
    @Schema(examples = "occlusion") String method,
    Target target,
    @Schema(
            description = "The model's answer on the audio: a label or a transcript",
            examples = "seven")
        String prediction,
    @Schema(description = "The target's probability on the audio", examples = "0.98")
        double targetProbability,
    LogMelResponse logMel,
    @Schema(
            description =
                "One value per log-mel cell [frames, melBins], aligned to logMel; higher counts more"
                    + " for the target")
        EncodedTensor map,
    @Schema(description = "Present when faithfulnessSteps was given")
        FaithfulnessResponse faithfulness,
    @Schema(description = "Present when evidenceFraction was given") EvidenceResponse evidence,
    @Schema(description = "Milliseconds the map alone took", examples = "40.5")
        double attributionMs,
    SegmentResponse segment) {

  @Schema(name = "AttributionTarget")
  public record Target(
      @Schema(
              description = "Class index, or the token's position in the transcript",
              examples = "7")
          int index,
      @Schema(description = "The class label or the token", examples = "seven") String label) {}

  @Schema(
      name = "Faithfulness",
      description = "Deletion and insertion curves of the map and of a random ordering")
  public record FaithfulnessResponse(
      @Schema(description = "Fraction of cells removed or inserted at each point")
          double[] fractions,
      Curve deletion,
      Curve insertion,
      Curve randomDeletion,
      Curve randomInsertion) {}

  @Schema(name = "FaithfulnessCurve")
  public record Curve(
      @Schema(description = "The target's probability at each fraction") double[] probabilities,
      @Schema(
              description =
                  "Area under the curve over fractions 0 to 1: lower is better for deletion,"
                      + " higher for insertion")
          double auc) {}

  @Schema(
      name = "Evidence",
      description = "The audio resynthesised keeping only the top cells, and without them")
  public record EvidenceResponse(
      @Schema(description = "Share of log-mel cells counted as evidence", examples = "0.2")
          double fraction,
      Listening kept,
      Listening removed) {}

  @Schema(name = "EvidenceAudio")
  public record Listening(
      @Schema(description = "16-bit PCM mono WAV at the model's rate, base64", format = "byte")
          byte[] wav,
      @Schema(description = "The model's answer on this audio", examples = "seven")
          String prediction,
      @Schema(description = "Whether that is its answer on the original audio")
          boolean keepsPrediction,
      @Schema(description = "The target's probability on this audio") double targetProbability) {}

  static AttributionResponse of(Attribution a, TensorEncoding encoding) {
    return new AttributionResponse(
        a.model(),
        a.method().apiName(),
        new Target(a.target().index(), a.target().label()),
        a.prediction(),
        a.targetProbability(),
        LogMelResponse.of(a.logMel(), encoding),
        EncodedTensor.of(
            a.map().values(), new long[] {a.map().frames(), a.map().melBins()}, encoding),
        a.faithfulness() == null ? null : faithfulness(a.faithfulness()),
        a.evidence() == null ? null : evidence(a.evidence()),
        a.attributionMillis(),
        SegmentResponse.of(a.segment()));
  }

  private static FaithfulnessResponse faithfulness(Faithfulness f) {
    return new FaithfulnessResponse(
        f.fractions(),
        curve(f.deletion()),
        curve(f.insertion()),
        curve(f.randomDeletion()),
        curve(f.randomInsertion()));
  }

  private static Curve curve(Faithfulness.Curve c) {
    return new Curve(c.probabilities(), c.auc());
  }

  private static EvidenceResponse evidence(Evidence e) {
    return new EvidenceResponse(e.fraction(), listening(e.kept()), listening(e.removed()));
  }

  private static Listening listening(Evidence.Listening l) {
    return new Listening(l.wav(), l.prediction(), l.keepsPrediction(), l.targetProbability());
  }
}
