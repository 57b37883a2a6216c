package dev.zora.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * KernelSHAP (Lundberg and Lee, 2017) over time-frequency groups of {@code cellFrames x cellMels}
 * log-mel cells: coalitions of groups keep their cells and put the others at the baseline. Sizes
 * are drawn with the Shapley kernel's mass, members uniformly, each coalition with its complement,
 * so the regression is unweighted; the empty and full coalitions enter as the exact constraint that
 * the values sum to {@code f(input) - f(baseline)}. A group's Shapley value is spread evenly over
 * its cells, so the map sums to that difference too.
 */
final class KernelShap implements Attributor {
  /** Keeps the normal equations solvable when some groups never vary apart from others. */
  private static final double RIDGE = 1e-6;

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    int frames = subject.frames();
    int mels = subject.melBins();
    int groupRows = (frames + options.cellFrames() - 1) / options.cellFrames();
    int groupCols = (mels + options.cellMels() - 1) / options.cellMels();
    int groups = groupRows * groupCols;
    int[] groupOf = new int[frames * mels];
    int[] groupSize = new int[groups];
    for (int t = 0; t < frames; t++) {
      for (int m = 0; m < mels; m++) {
        int g = (t / options.cellFrames()) * groupCols + m / options.cellMels();
        groupOf[t * mels + m] = g;
        groupSize[g]++;
      }
    }
    List<boolean[]> coalitions = new ArrayList<>();
    coalitions.add(new boolean[groups]);
    boolean[] full = new boolean[groups];
    Arrays.fill(full, true);
    coalitions.add(full);
    if (groups > 1) {
      coalitions.addAll(sample(groups, options.samples(), new SplittableRandom(options.seed())));
    }
    List<float[]> inputs = new ArrayList<>();
    for (boolean[] coalition : coalitions) {
      float[] keep = new float[frames * mels];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = coalition[groupOf[i]] ? 1f : 0f;
      }
      inputs.add(subject.blended(keep));
    }
    double[] f = subject.scorer().logProbabilities(inputs);
    double[] phi = solve(coalitions, f, groups);
    float[] map = new float[frames * mels];
    for (int i = 0; i < map.length; i++) {
      map[i] = (float) (phi[groupOf[i]] / groupSize[groupOf[i]]);
    }
    return new AttributionMap(frames, mels, map);
  }

  /** {@code samples} coalitions (rounded up to pairs), each followed by its complement. */
  private static List<boolean[]> sample(int groups, int samples, SplittableRandom random) {
    double[] sizeMass = new double[groups];
    double total = 0;
    for (int s = 1; s < groups; s++) {
      sizeMass[s] = (groups - 1.0) / (s * (double) (groups - s));
      total += sizeMass[s];
    }
    List<boolean[]> out = new ArrayList<>();
    for (int n = 0; n < (samples + 1) / 2; n++) {
      double u = random.nextDouble() * total;
      int size = 1;
      while (size < groups - 1 && u > sizeMass[size]) {
        u -= sizeMass[size];
        size++;
      }
      boolean[] coalition = new boolean[groups];
      int[] order = new int[groups];
      for (int i = 0; i < groups; i++) {
        order[i] = i;
      }
      for (int i = 0; i < size; i++) {
        int j = i + random.nextInt(groups - i);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
        coalition[order[i]] = true;
      }
      boolean[] complement = new boolean[groups];
      for (int i = 0; i < groups; i++) {
        complement[i] = !coalition[i];
      }
      out.add(coalition);
      out.add(complement);
    }
    return out;
  }

  /**
   * Least squares for the Shapley values with the efficiency constraint eliminated: the last
   * group's value is the difference the others leave. {@code f[0]} is the empty coalition's score,
   * {@code f[1]} the full one's.
   */
  static double[] solve(List<boolean[]> coalitions, double[] f, int groups) {
    double empty = f[0];
    double delta = f[1] - f[0];
    double[] phi = new double[groups];
    if (groups == 1) {
      phi[0] = delta;
      return phi;
    }
    int k = groups - 1;
    double[][] normal = new double[k][k];
    double[] rhs = new double[k];
    for (int n = 2; n < coalitions.size(); n++) {
      boolean[] z = coalitions.get(n);
      double last = z[k] ? 1 : 0;
      double y = f[n] - empty - last * delta;
      double[] row = new double[k];
      for (int j = 0; j < k; j++) {
        row[j] = (z[j] ? 1 : 0) - last;
      }
      for (int a = 0; a < k; a++) {
        rhs[a] += row[a] * y;
        for (int b = 0; b < k; b++) {
          normal[a][b] += row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < k; a++) {
      normal[a][a] += RIDGE * (1 + normal[a][a]);
    }
    double[] solved = gaussian(normal, rhs);
    double sum = 0;
    for (int j = 0; j < k; j++) {
      phi[j] = solved[j];
      sum += solved[j];
    }
    phi[k] = delta - sum;
    return phi;
  }

  /**
   * Solves {@code a x = b} by Gaussian elimination with partial pivoting; {@code a} is symmetric
   * positive definite here.
   */
  private static double[] gaussian(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] rowSwap = a[col];
      a[col] = a[pivot];
      a[pivot] = rowSwap;
      double bSwap = b[col];
      b[col] = b[pivot];
      b[pivot] = bSwap;
      for (int r = col + 1; r < n; r++) {
        double factor = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= factor * a[col][c];
        }
        b[r] -= factor * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = b[r];
      for (int c = r + 1; c < n; c++) {
        sum -= a[r][c] * x[c];
      }
      x[r] = sum / a[r][r];
    }
    return x;
  }
}
