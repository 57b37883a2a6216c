package dev.zora.explain;

import dev.zora.decode.LogSoftmax;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CTC model's log-probability of one token of its transcript, with the alignment held fixed: the
 * mean log-posterior of the token over the encoder frames the transcript's forced alignment gives
 * it on the original input.
 */
final class CtcTokenScorer implements TargetScorer {
  private final OnnxModel model;
  private final String input;
  private final String logits;
  private final int token;
  private final int firstFrame;
  private final int endFrame;
  private final int frames;
  private final int melBins;

  CtcTokenScorer(OnnxModel model, String input, String logits, int token, int firstFrame, int endFrame, int frames,
      int melBins) {
    this.model = model;
    this.input = input;
    this.logits = logits;
    this.token = token;
    this.firstFrame = firstFrame;
    this.endFrame = endFrame;
    this.frames = frames;
    this.melBins = melBins;
  }

  @Override
  public double[] logProbabilities(List<float[]> inputs) {
    double[] out = new double[inputs.size()];
    for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
      int count = Math.min(MAX_BATCH, inputs.size() - from);
      FloatTensor batch = new FloatTensor(TargetScorer.stack(inputs, from, count), new long[] {count, frames, melBins});
      FloatTensor output = model.run(Map.of(input, batch), Set.of(logits)).get(logits);
      float[] values = output.values();
      int encoderFrames = (int) output.shape()[1];
      double[][] logProbs = LogSoftmax.rows(values, count * encoderFrames, (int) output.shape()[2]);
      for (int i = 0; i < count; i++) {
        double sum = 0;
        for (int f = firstFrame; f < endFrame; f++) {
          sum += logProbs[i * encoderFrames + f][token];
        }
        out[from + i] = sum / (endFrame - firstFrame);
      }
    }
    return out;
  }
}
