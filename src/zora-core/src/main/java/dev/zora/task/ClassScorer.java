package dev.zora.task;

import dev.zora.decode.LogSoftmax;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
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

  ClassScorer(
      OnnxModel model, String input, String logits, int classIndex, int frames, int melBins) {
    this.model = model;
    this.input = input;
    this.logits = logits;
    this.classIndex = classIndex;
    this.frames = frames;
    this.melBins = melBins;
  }

  @Override
  public double[] scoreBatch(float[] batch, int count) {
    FloatTensor input = new FloatTensor(batch, new long[] {count, frames, melBins});
    float[] values = model.run(Map.of(this.input, input), Set.of(logits)).get(logits).values();
    double[][] logProbs = LogSoftmax.rows(values, count, values.length / count);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = logProbs[i][classIndex];
    }
    return out;
  }
}
