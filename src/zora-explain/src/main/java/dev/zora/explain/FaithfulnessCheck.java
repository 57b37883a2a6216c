package dev.zora.explain;

import dev.zora.task.InvalidOptionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Measures {@link Faithfulness}: all four curves' inputs go through the scorer as one batch. */
final class FaithfulnessCheck {
  /** Points per curve besides the start: the most a request may ask for. */
  static final int MAX_STEPS = 200;

  private FaithfulnessCheck() {}

  static Faithfulness measure(Explained subject, AttributionMap map, int steps, long seed) {
    if (steps < 1 || steps > MAX_STEPS) {
      throw new InvalidOptionException(
          "steps must be between 1 and " + MAX_STEPS + ", got " + steps);
    }
    int cells = map.values().length;
    int[] ranked = map.ranking();
    int[] shuffled = shuffled(cells, new SplittableRandom(seed ^ 0x5DEECE66DL));
    List<float[]> inputs = new ArrayList<>();
    for (int[] order : List.of(ranked, shuffled)) {
      for (boolean deleting : new boolean[] {true, false}) {
        for (int step = 0; step <= steps; step++) {
          int count = (int) Math.round(step * (double) cells / steps);
          float[] keep = new float[cells];
          Arrays.fill(keep, deleting ? 1f : 0f);
          for (int i = 0; i < count; i++) {
            keep[order[i]] = deleting ? 0f : 1f;
          }
          inputs.add(subject.blended(keep));
        }
      }
    }
    double[] scores = subject.scorer().logProbabilities(inputs);
    double[] fractions = new double[steps + 1];
    for (int step = 0; step <= steps; step++) {
      fractions[step] = step / (double) steps;
    }
    return new Faithfulness(
        fractions,
        curve(scores, 0, steps),
        curve(scores, 1, steps),
        curve(scores, 2, steps),
        curve(scores, 3, steps));
  }

  private static Faithfulness.Curve curve(double[] scores, int which, int steps) {
    double[] p = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      p[i] = Math.exp(scores[which * (steps + 1) + i]);
    }
    double area = 0;
    for (int i = 0; i < steps; i++) {
      area += (p[i] + p[i + 1]) / 2 / steps;
    }
    return new Faithfulness.Curve(p, area);
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
