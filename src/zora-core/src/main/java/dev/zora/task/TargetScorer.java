package dev.zora.task;

import java.util.List;

/**
 * The model's log-probability of the explained target (a class, or one token of the hypothesis) for
 * many log-mel inputs of the explained input's shape, stacked on the batch axis.
 */
public interface TargetScorer {
  /**
   * Inputs at most per session run, so memory stays bounded however many perturbations a method
   * makes.
   */
  int MAX_BATCH = 64;

  /**
   * Scores the inputs in batches of at most {@link #MAX_BATCH}.
   *
   * @param inputs row-major {@code [frames][melBins]} each
   */
  default double[] logProbabilities(List<float[]> inputs) {
    double[] out = new double[inputs.size()];
    for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
      int count = Math.min(MAX_BATCH, inputs.size() - from);
      System.arraycopy(scoreBatch(stack(inputs, from, count), count), 0, out, from, count);
    }
    return out;
  }

  /**
   * One session run: the log-probabilities of {@code count} inputs stacked as {@code [count,
   * frames, melBins]}.
   */
  double[] scoreBatch(float[] batch, int count);

  default double logProbability(float[] input) {
    return logProbabilities(List.of(input))[0];
  }

  /**
   * Stacks {@code count} inputs from {@code from} into one {@code [count, frames, melBins]} buffer.
   */
  private static float[] stack(List<float[]> inputs, int from, int count) {
    int size = inputs.get(0).length;
    float[] batch = new float[count * size];
    for (int i = 0; i < count; i++) {
      System.arraycopy(inputs.get(from + i), 0, batch, i * size, size);
    }
    return batch;
  }
}
