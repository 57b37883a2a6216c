package dev.zora.decode;

/**
 * How a sequence-to-sequence decoder searches.
 *
 * @param width hypotheses kept after each step; 1 is greedy decoding
 * @param maxTokens the most tokens a hypothesis of a short utterance may have, {@code <eos>}
 *     included
 * @param maxTokensPerSecond a longer utterance may have up to this many tokens per second of it,
 *     plus {@code <eos>}: a fixed limit cut a 16-digit number read in one breath to its first 11
 *     digits, and a limit fit for the longest utterance would make every short one search longer
 *     (the early stop's bound loosens with it)
 * @param lengthNormalization exponent {@code a} of the final ranking {@code score / length^a}
 *     (length counted with {@code <eos>}): 1 is the training recipe's (mean log-probability per
 *     token), 0 ranks by the summed log-probability alone, which favours short hypotheses
 */
public record BeamSearchOptions(
    int width, int maxTokens, double maxTokensPerSecond, double lengthNormalization) {
  /**
   * The server's defaults, the recipe's: 4 hypotheses; at most 12 tokens (ten digits, {@code <eos>}
   * and one to spare), or 4 a second of a longer utterance (faster than digits are read); length
   * normalisation 1.
   */
  public static final BeamSearchOptions DEFAULTS = new BeamSearchOptions(4, 12, 4.0, 1.0);

  public BeamSearchOptions {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be at least 1, got " + width);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
    }
    if (!Double.isFinite(maxTokensPerSecond) || maxTokensPerSecond < 0) {
      throw new IllegalArgumentException(
          "max tokens per second must be a finite number >= 0, got " + maxTokensPerSecond);
    }
    if (!Double.isFinite(lengthNormalization) || lengthNormalization < 0) {
      throw new IllegalArgumentException(
          "length normalization must be a finite number >= 0, got " + lengthNormalization);
    }
  }

  /**
   * These options for an utterance of {@code seconds} (its encoder frames times their duration, as
   * the recipe counts it): the token limit is {@code max(maxTokens, ceil(maxTokensPerSecond ·
   * seconds) + 1)}.
   */
  public BeamSearchOptions forUtterance(double seconds) {
    int limit = (int) Math.min(Integer.MAX_VALUE, Math.ceil(maxTokensPerSecond * seconds) + 1);
    return new BeamSearchOptions(
        width, Math.max(maxTokens, limit), maxTokensPerSecond, lengthNormalization);
  }
}
