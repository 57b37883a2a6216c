package dev.zora.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RISE (Petsiuk et al., 2018) over the log-mel input: random binary grids of {@code cellFrames x
 * cellMels} cells, each kept with {@code keepProbability}, shifted by a random fraction of a cell
 * and bilinearly upsampled into smooth masks that blend the input with the baseline. A cell's
 * attribution is the mean of the masks' target log-probabilities, centred on their overall mean,
 * weighted by how much each mask keeps the cell, over {@code keepProbability} (the centring lowers
 * the variance without changing what is estimated).
 */
final class Rise implements Attributor {

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    int frames = subject.frames();
    int mels = subject.melBins();
    int cellFrames = Math.min(options.cellFrames(), frames);
    int cellMels = Math.min(options.cellMels(), mels);
    // One cell more than needed in each direction, so a shifted crop still covers the input.
    int gridRows = (frames + cellFrames - 1) / cellFrames + 1;
    int gridCols = (mels + cellMels - 1) / cellMels + 1;
    SplittableRandom random = new SplittableRandom(options.seed());
    List<float[]> masks = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    for (int n = 0; n < options.masks(); n++) {
      float[] grid = new float[gridRows * gridCols];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = random.nextDouble() < options.keepProbability() ? 1f : 0f;
      }
      float[] large =
          Upsampling.bilinear(grid, gridRows, gridCols, gridRows * cellFrames, gridCols * cellMels);
      int shiftT = random.nextInt(cellFrames);
      int shiftM = random.nextInt(cellMels);
      float[] mask = new float[frames * mels];
      for (int t = 0; t < frames; t++) {
        for (int m = 0; m < mels; m++) {
          mask[t * mels + m] = large[(t + shiftT) * gridCols * cellMels + m + shiftM];
        }
      }
      masks.add(mask);
      inputs.add(subject.blended(mask));
    }
    double[] scores = subject.scorer().logProbabilities(inputs);
    double mean = 0;
    for (double s : scores) {
      mean += s / scores.length;
    }
    double[] sum = new double[frames * mels];
    for (int n = 0; n < scores.length; n++) {
      float[] mask = masks.get(n);
      double centred = scores[n] - mean;
      for (int i = 0; i < sum.length; i++) {
        sum[i] += centred * mask[i];
      }
    }
    float[] map = new float[sum.length];
    for (int i = 0; i < map.length; i++) {
      map[i] = (float) (sum[i] / (scores.length * options.keepProbability()));
    }
    return new AttributionMap(frames, mels, map);
  }
}
