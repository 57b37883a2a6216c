package dev.zora.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Best-path CTC decoding as a pure function: per encoder frame the most probable token, repeats
 * collapsed, blanks dropped. Each emitted token keeps the frames it spans and its mean posterior,
 * which become word times and confidences.
 */
public final class CtcGreedyDecoder {
  private final int blank;

  public CtcGreedyDecoder(int blank) {
    this.blank = blank;
  }

  /**
   * @param logits {@code [frames][vocabulary]} row-major, unnormalised (log-softmax is applied
   *     here)
   */
  public List<TokenSpan> decode(float[] logits, int frames, int vocabulary) {
    if (logits.length != frames * vocabulary) {
      throw new IllegalArgumentException(
          "logits has "
              + logits.length
              + " values, expected frames*vocabulary = "
              + frames
              + "*"
              + vocabulary);
    }
    List<TokenSpan> emissions = new ArrayList<>();
    int runToken = blank;
    int runStart = 0;
    double runProbability = 0;
    for (int t = 0; t <= frames; t++) {
      int best = blank;
      double bestProbability = 0;
      if (t < frames) {
        int offset = t * vocabulary;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocabulary; v++) {
          if (logits[offset + v] > max) {
            max = logits[offset + v];
            best = v;
          }
        }
        double sum = 0;
        for (int v = 0; v < vocabulary; v++) {
          sum += Math.exp(logits[offset + v] - max);
        }
        bestProbability = 1 / sum; // softmax of the maximum: exp(0) / sum
      }
      if (t == frames || best != runToken) {
        if (runToken != blank && t > runStart) {
          emissions.add(new TokenSpan(runToken, runStart, t, runProbability / (t - runStart)));
        }
        runToken = best;
        runStart = t;
        runProbability = 0;
      }
      runProbability += bestProbability;
    }
    return emissions;
  }
}
