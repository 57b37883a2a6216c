package dev.zora.explain;

import dev.zora.decode.LogSoftmax;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A classifier's log-softmax at one class: {@code logits [batch, labels]}. */
final class ClassScorer implements TargetScorer {
  private final OnnxModel model;
  private final String input;
  private final String logits;
  private final int classIndex;
  private final int frames;
  private final int melBins;

  ClassScorer(OnnxModel model, String input, String logits, int classIndex, int frames, int melBins) {
    this.model = model;
    this.input = input;
    this.logits = logits;
    this.classIndex = classIndex;
    this.frames = frames;
    this.melBins = melBins;
  }

  @Override
  public double[] logProbabilities(List<float[]> inputs) {
    double[] out = new double[inputs.size()];
    for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
      int count = Math.min(MAX_BATCH, inputs.size() - from);
      FloatTensor batch = new FloatTensor(TargetScorer.stack(inputs, from, count), new long[] {count, frames, melBins});
      float[] values = model.run(Map.of(input, batch), Set.of(logits)).get(logits).values();
      double[][] logProbs = LogSoftmax.rows(values, count, values.length / count);
      for (int i = 0; i < count; i++) {
        out[from + i] = logProbs[i][classIndex];
      }
    }
    return out;
  }
}
