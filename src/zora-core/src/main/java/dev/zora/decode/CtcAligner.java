package dev.zora.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CTC forced alignment (Viterbi) as a pure function: the single most probable way a given label
 * sequence lies over the frames, so each label of a beam-search transcript gets the frames it
 * occupies (its times) and its mean posterior there (its confidence), as best-path decoding gives.
 */
public final class CtcAligner {
  private final int blank;

  public CtcAligner(int blank) {
    this.blank = blank;
  }

  /**
   * @param logProbs {@code [frames][vocabulary]} log-probabilities
   * @param labels the transcript's labels, none of them blank
   * @throws IllegalArgumentException when the labels cannot fit in the frames
   */
  public List<TokenSpan> align(double[][] logProbs, int[] labels) {
    int frames = logProbs.length;
    int states = 2 * labels.length + 1; // blank, label 0, blank, label 1, ..., blank
    if (labels.length == 0) {
      return List.of();
    }
    double[][] best = new double[frames][states];
    int[][] from = new int[frames][states];
    for (double[] row : best) {
      Arrays.fill(row, Double.NEGATIVE_INFINITY);
    }
    best[0][0] = logProbs[0][blank];
    best[0][1] = logProbs[0][labels[0]];
    for (int t = 1; t < frames; t++) {
      for (int s = 0; s < states; s++) {
        int label = s % 2 == 0 ? blank : labels[s / 2];
        int argmax = s;
        double max = best[t - 1][s];
        if (s >= 1 && best[t - 1][s - 1] > max) {
          max = best[t - 1][s - 1];
          argmax = s - 1;
        }
        // Skipping the blank between two labels is allowed only when they differ.
        if (s >= 2
            && s % 2 == 1
            && labels[s / 2] != labels[s / 2 - 1]
            && best[t - 1][s - 2] > max) {
          max = best[t - 1][s - 2];
          argmax = s - 2;
        }
        best[t][s] = max + logProbs[t][label];
        from[t][s] = argmax;
      }
    }
    int state =
        best[frames - 1][states - 1] >= best[frames - 1][states - 2] ? states - 1 : states - 2;
    if (best[frames - 1][state] == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          labels.length + " labels do not fit in " + frames + " frames");
    }
    int[] path = new int[frames];
    for (int t = frames - 1; t >= 0; t--) {
      path[t] = state;
      state = from[t][state];
    }
    List<TokenSpan> spans = new ArrayList<>(labels.length);
    for (int t = 0; t < frames; ) {
      int s = path[t];
      int start = t;
      double probability = 0;
      while (t < frames && path[t] == s) {
        probability += s % 2 == 1 ? Math.exp(logProbs[t][labels[s / 2]]) : 0;
        t++;
      }
      if (s % 2 == 1) {
        spans.add(new TokenSpan(labels[s / 2], start, t, probability / (t - start)));
      }
    }
    return spans;
  }
}
