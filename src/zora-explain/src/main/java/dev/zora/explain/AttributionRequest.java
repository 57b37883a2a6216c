package dev.zora.explain;

import dev.zora.task.InvalidOptionException;

/**
 * What to explain and how (Captum's {@code attribute(input, target, **options)}, the audio aside).
 *
 * @param target the class index, or the position of the token in the hypothesis; null for the
 *     predicted class, or the first token
 * @param faithfulnessSteps points of the deletion and insertion curves (besides the start); null
 *     for no faithfulness check
 * @param evidenceFraction the share of cells to keep and to remove in the resynthesised audio; null
 *     for no evidence
 */
public record AttributionRequest(
    AttributionMethod method,
    Integer target,
    AttributionOptions options,
    Integer faithfulnessSteps,
    Double evidenceFraction) {

  public AttributionRequest {
    if (method == null) {
      throw new InvalidOptionException("method must be given");
    }
    if (options == null) {
      throw new InvalidOptionException("options must be given");
    }
  }
}
