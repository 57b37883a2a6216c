package dev.zora.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Score-CAM (Wang et al., 2020): each channel of a convolutional layer, upsampled to the log-mel
 * grid and scaled to [0, 1], is a mask that keeps the input where the channel fires and puts the
 * baseline elsewhere; the channel's weight is how much the target's probability rises over the
 * all-baseline input, and the map is the ReLU of the weighted sum of the upsampled channels. No
 * head is assumed, so it works on any layer with a time and a frequency axis.
 */
final class ScoreCam implements Attributor {

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    ConvActivations layer = ConvActivations.read(subject, options.layer());
    int frames = subject.frames();
    int mels = subject.melBins();
    List<float[]> masks = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    for (int ch = 0; ch < layer.channels(); ch++) {
      float[] up =
          Upsampling.bilinear(layer.channel(ch), layer.steps(), layer.bands(), frames, mels);
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float v : up) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (max - min < 1e-12f) {
        continue; // a channel that is flat here masks nothing in particular
      }
      for (int i = 0; i < up.length; i++) {
        up[i] = (up[i] - min) / (max - min);
      }
      masks.add(up);
      inputs.add(subject.blended(up));
    }
    inputs.add(subject.baseline().clone());
    double[] scores = subject.scorer().logProbabilities(inputs);
    double floor = Math.exp(scores[scores.length - 1]);
    double[] sum = new double[frames * mels];
    for (int n = 0; n < masks.size(); n++) {
      double weight = Math.exp(scores[n]) - floor;
      float[] mask = masks.get(n);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += weight * mask[i];
      }
    }
    float[] map = new float[sum.length];
    for (int i = 0; i < map.length; i++) {
      map[i] = (float) Math.max(0, sum[i]);
    }
    return new AttributionMap(frames, mels, map);
  }
}
