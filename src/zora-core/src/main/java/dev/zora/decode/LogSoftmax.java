package dev.zora.decode;

/** Log-probabilities from a model's logits. */
public final class LogSoftmax {
  private LogSoftmax() {}

  /**
   * One row. Rounded to float32 like the recipe's PyTorch log-softmax, so that beam scores, and the
   * ties among them, come out as in the recipe.
   */
  static double[] row(float[] logits, int offset, int size) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < size; v++) {
      max = Math.max(max, logits[offset + v]);
    }
    double sum = 0;
    for (int v = 0; v < size; v++) {
      sum += Math.exp(logits[offset + v] - max);
    }
    double logSum = Math.log(sum);
    double[] out = new double[size];
    for (int v = 0; v < size; v++) {
      out[v] = (float) (logits[offset + v] - max - logSum);
    }
    return out;
  }

  /** Every row of a row-major {@code [rows][size]} matrix. */
  public static double[][] rows(float[] logits, int rows, int size) {
    if (logits.length != rows * size) {
      throw new IllegalArgumentException(
          "logits has " + logits.length + " values, expected " + rows + "*" + size);
    }
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = row(logits, r * size, size);
    }
    return out;
  }
}
