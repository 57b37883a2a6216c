package dev.zora.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Captum's {@code Occlusion} over the log-mel input: a window slides over time and frequency; at
 * each position its cells take the baseline, and every cell it covers is credited with the drop in
 * the target's log-probability, averaged over the positions that cover the cell. Positions are
 * placed so the last one ends at the input's edge: every cell is covered at least once.
 */
final class Occlusion implements Attributor {

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    int frames = subject.frames();
    int mels = subject.melBins();
    int windowFrames = Math.min(options.windowFrames(), frames);
    int windowMels = Math.min(options.windowMels(), mels);
    int[] timeStarts = starts(frames, windowFrames, options.strideFrames());
    int[] melStarts = starts(mels, windowMels, options.strideMels());
    List<float[]> inputs = new ArrayList<>();
    float[] input = subject.input();
    for (int t0 : timeStarts) {
      for (int m0 : melStarts) {
        float[] occluded = input.clone();
        for (int t = t0; t < t0 + windowFrames; t++) {
          for (int m = m0; m < m0 + windowMels; m++) {
            occluded[t * mels + m] = subject.baseline()[t * mels + m];
          }
        }
        inputs.add(occluded);
      }
    }
    inputs.add(input);
    double[] scores = subject.scorer().logProbabilities(inputs);
    double original = scores[scores.length - 1];
    double[] sum = new double[frames * mels];
    int[] count = new int[frames * mels];
    int position = 0;
    for (int t0 : timeStarts) {
      for (int m0 : melStarts) {
        double drop = original - scores[position++];
        for (int t = t0; t < t0 + windowFrames; t++) {
          for (int m = m0; m < m0 + windowMels; m++) {
            sum[t * mels + m] += drop;
            count[t * mels + m]++;
          }
        }
      }
    }
    float[] map = new float[frames * mels];
    for (int i = 0; i < map.length; i++) {
      map[i] = (float) (sum[i] / count[i]);
    }
    return new AttributionMap(frames, mels, map);
  }

  /** Window starts {@code 0, stride, 2 stride, ...}, plus one ending exactly at {@code size}. */
  static int[] starts(int size, int window, int stride) {
    List<Integer> starts = new ArrayList<>();
    for (int s = 0; s + window <= size; s += stride) {
      starts.add(s);
    }
    if (starts.get(starts.size() - 1) + window < size) {
      starts.add(size - window);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
