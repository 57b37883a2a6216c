package dev.zora.decode;

/**
 * How a sequence-to-sequence decoder searches.
 *
 * @param width hypotheses kept after each step; 1 is greedy decoding
 * @param maxTokens the most tokens a hypothesis may have, {@code <eos>} included
 * @param lengthNormalization exponent {@code a} of the final ranking {@code score / length^a}
 *     (length counted with {@code <eos>}): 1 is the training recipe's (mean log-probability per
 *     token), 0 ranks by the summed log-probability alone, which favours short hypotheses
 */
public record BeamSearchOptions(int width, int maxTokens, double lengthNormalization) {
  /** The server's defaults: 4 hypotheses, at most 12 tokens, the recipe's length normalisation. */
  public static final BeamSearchOptions DEFAULTS = new BeamSearchOptions(4, 12, 1.0);

  public BeamSearchOptions {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be at least 1, got " + width);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
    }
    if (!Double.isFinite(lengthNormalization) || lengthNormalization < 0) {
      throw new IllegalArgumentException(
          "length normalization must be a finite number >= 0, got " + lengthNormalization);
    }
  }
}
