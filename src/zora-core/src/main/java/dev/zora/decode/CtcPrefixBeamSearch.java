package dev.zora.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search (Hannun et al. 2014, without a language model) as a pure function: keeps
 * the {@code width} most probable label prefixes, each with the probability of all alignments that
 * end in a blank and of those that end in its last label, so that alignments which collapse to the
 * same text add up (best-path decoding only sees the single most probable alignment).
 */
public final class CtcPrefixBeamSearch {
  private final int blank;
  private final int width;

  public CtcPrefixBeamSearch(int blank, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be at least 1, got " + width);
    }
    this.blank = blank;
    this.width = width;
  }

  /** Log-probabilities that a prefix's alignments so far end in a blank, or in its last label. */
  private static final class Score {
    double blankEnding = Double.NEGATIVE_INFINITY;
    double labelEnding = Double.NEGATIVE_INFINITY;

    double total() {
      return logAdd(blankEnding, labelEnding);
    }
  }

  /**
   * @param logProbs {@code [frames][vocabulary]} log-probabilities
   * @return the most probable label sequence, blanks and repeats collapsed
   */
  public int[] search(double[][] logProbs) {
    Map<Prefix, Score> beams = new HashMap<>();
    Score empty = new Score();
    empty.blankEnding = 0;
    beams.put(Prefix.EMPTY, empty);
    for (double[] frame : logProbs) {
      Map<Prefix, Score> next = new HashMap<>();
      for (Map.Entry<Prefix, Score> beam : beams.entrySet()) {
        Prefix prefix = beam.getKey();
        Score score = beam.getValue();
        for (int v = 0; v < frame.length; v++) {
          double p = frame[v];
          if (v == blank) {
            Score same = next.computeIfAbsent(prefix, k -> new Score());
            same.blankEnding = logAdd(same.blankEnding, score.total() + p);
          } else if (v == prefix.last()) {
            // The same label again: it extends the prefix only after a blank, else it repeats.
            Score same = next.computeIfAbsent(prefix, k -> new Score());
            same.labelEnding = logAdd(same.labelEnding, score.labelEnding + p);
            Score extended = next.computeIfAbsent(prefix.plus(v), k -> new Score());
            extended.labelEnding = logAdd(extended.labelEnding, score.blankEnding + p);
          } else {
            Score extended = next.computeIfAbsent(prefix.plus(v), k -> new Score());
            extended.labelEnding = logAdd(extended.labelEnding, score.total() + p);
          }
        }
      }
      beams = best(next);
    }
    return beams.entrySet().stream()
        .max(
            Comparator.comparingDouble((Map.Entry<Prefix, Score> e) -> e.getValue().total())
                .thenComparing(e -> -e.getKey().labels().size()))
        .orElseThrow()
        .getKey()
        .toArray();
  }

  private Map<Prefix, Score> best(Map<Prefix, Score> candidates) {
    if (candidates.size() <= width) {
      return candidates;
    }
    List<Map.Entry<Prefix, Score>> ranked = new ArrayList<>(candidates.entrySet());
    ranked.sort(Comparator.comparingDouble((Map.Entry<Prefix, Score> e) -> -e.getValue().total()));
    Map<Prefix, Score> kept = new HashMap<>();
    for (Map.Entry<Prefix, Score> e : ranked.subList(0, width)) {
      kept.put(e.getKey(), e.getValue());
    }
    return kept;
  }

  private record Prefix(List<Integer> labels) {
    static final Prefix EMPTY = new Prefix(List.of());

    int last() {
      return labels.isEmpty() ? -1 : labels.get(labels.size() - 1);
    }

    Prefix plus(int label) {
      List<Integer> longer = new ArrayList<>(labels.size() + 1);
      longer.addAll(labels);
      longer.add(label);
      return new Prefix(List.copyOf(longer));
    }

    int[] toArray() {
      return labels.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}
