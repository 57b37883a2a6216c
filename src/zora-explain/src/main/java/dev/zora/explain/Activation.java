package dev.zora.explain;

import dev.zora.inference.FloatTensor;
import java.util.Arrays;

/**
 * One tensor's value on one input, with per-channel summaries over {@link LayerInfo#channelAxis()}.
 *
 * @param mean per channel, over every other axis
 * @param min per channel
 * @param max per channel
 */
public record Activation(
    LayerInfo layer, FloatTensor value, double[] mean, double[] min, double[] max) {
  public Activation {
    mean = mean.clone();
    min = min.clone();
    max = max.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] min() {
    return min.clone();
  }

  @Override
  public double[] max() {
    return max.clone();
  }

  static Activation of(LayerInfo layer, FloatTensor value) {
    long[] shape = value.shape();
    int axis = Math.min(layer.channelAxis(), Math.max(0, shape.length - 1));
    int channels = shape.length == 0 ? 1 : (int) shape[axis];
    int inner = 1;
    for (int a = axis + 1; a < shape.length; a++) {
      inner *= (int) shape[a];
    }
    float[] values = value.values();
    double[] mean = new double[channels];
    double[] min = new double[channels];
    double[] max = new double[channels];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    int perChannel = channels == 0 ? 0 : values.length / channels;
    for (int i = 0; i < values.length; i++) {
      int c = (i / inner) % channels;
      mean[c] += values[i] / (double) perChannel;
      min[c] = Math.min(min[c], values[i]);
      max[c] = Math.max(max[c], values[i]);
    }
    return new Activation(layer, value, mean, min, max);
  }
}
