package dev.zora.explain;

import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.OnnxModel;
import dev.zora.task.NotExplainableException;
import java.util.Map;
import java.util.Set;

/**
 * CAM (Zhou et al., 2016) for a CNN whose head is a mean over time followed by a linear layer:
 * {@code logit_k = b_k + sum_{c,f} W[k,c,f] mean_t A[c,t,f]}, so {@code CAM_k[t,f] = sum_c W[k,c,f]
 * A[c,t,f]} is exact: its mean over time, summed over bands, plus the bias is the logit. The head
 * is cut out of the graph ({@code layer -> logits}) and its weights are read by running it on unit
 * activations, one per channel and band, batched, so no weight layout is assumed. A head for which
 * the identity does not hold on the explained input is refused. The map is upsampled bilinearly to
 * the log-mel grid and is signed: negative cells speak against the class.
 */
final class ClassActivationMap implements Attributor {
  /** How far the logit rebuilt from the map may be from the graph's, relative to its size. */
  private static final double TOLERANCE = 1e-3;

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    ConvActivations layer = ConvActivations.read(subject, options.layer());
    String logitsName = subject.model().manifest().outputName("logits");
    int k = subject.target().index();
    int c = layer.channels();
    int bands = layer.bands();
    float[] cam = new float[layer.steps() * bands];
    try (OnnxModel head = subject.model().graph("model").openBetween(layer.tensor(), logitsName)) {
      // Row 0 is all zeros (the bias); row 1 + ch*bands + f is the unit activation of (ch, f) at
      // one step.
      int rows = 1 + c * bands;
      float[] units = new float[rows * c * bands];
      for (int i = 0; i < c * bands; i++) {
        units[(1 + i) * c * bands + i] = 1f;
      }
      float[] probed =
          head.run(
                  Map.of(layer.tensor(), new FloatTensor(units, new long[] {rows, c, 1, bands})),
                  Set.of(logitsName))
              .get(logitsName)
              .values();
      int labels = probed.length / rows;
      double bias = probed[k];
      for (int ch = 0; ch < c; ch++) {
        float[] plane = layer.channel(ch);
        for (int f = 0; f < bands; f++) {
          double weight = probed[(1 + ch * bands + f) * labels + k] - bias;
          for (int t = 0; t < layer.steps(); t++) {
            cam[t * bands + f] += (float) (weight * plane[t * bands + f]);
          }
        }
      }
      float[] actual =
          head.run(
                  Map.of(
                      layer.tensor(),
                      new FloatTensor(layer.values(), new long[] {1, c, layer.steps(), bands})),
                  Set.of(logitsName))
              .get(logitsName)
              .values();
      double rebuilt = bias;
      for (float v : cam) {
        rebuilt += v / layer.steps();
      }
      if (Math.abs(rebuilt - actual[k]) > TOLERANCE * (1 + Math.abs(actual[k]))) {
        throw new NotExplainableException(
            "the graph after "
                + layer.tensor()
                + " is not a mean over time and a"
                + " linear layer (the logit rebuilt from the map is "
                + rebuilt
                + ", the graph's "
                + actual[k]
                + "); use score-cam for this layer");
      }
    } catch (InferenceException e) {
      throw new NotExplainableException(
          "CAM cannot run the graph after "
              + layer.tensor()
              + " on its own: "
              + e.getMessage()
              + "; use score-cam for this layer");
    }
    return new AttributionMap(
        subject.frames(),
        subject.melBins(),
        Upsampling.bilinear(cam, layer.steps(), bands, subject.frames(), subject.melBins()));
  }
}
