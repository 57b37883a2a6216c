package dev.zora.testing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Spearman's rank correlation, ties given their average rank. */
public final class RankCorrelation {
  private RankCorrelation() {}

  public static double spearman(float[] a, float[] b) {
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double meanA = Arrays.stream(ra).average().orElse(0);
    double meanB = Arrays.stream(rb).average().orElse(0);
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < ra.length; i++) {
      cov += (ra[i] - meanA) * (rb[i] - meanB);
      varA += (ra[i] - meanA) * (ra[i] - meanA);
      varB += (rb[i] - meanB) * (rb[i] - meanB);
    }
    return varA == 0 || varB == 0 ? 0 : cov / Math.sqrt(varA * varB);
  }

  static double[] ranks(float[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return ranks;
  }
}
