package dev.zora.task;

import dev.zora.decode.LogSoftmax;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
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

  CtcTokenScorer(
      OnnxModel model,
      String input,
      String logits,
      int token,
      int firstFrame,
      int endFrame,
      int frames,
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
  public double[] scoreBatch(float[] batch, int count) {
    FloatTensor features = new FloatTensor(batch, new long[] {count, frames, melBins});
    FloatTensor output = model.run(Map.of(input, features), Set.of(logits)).get(logits);
    int encoderFrames = (int) output.shape()[1];
    double[][] logProbs =
        LogSoftmax.rows(output.values(), count * encoderFrames, (int) output.shape()[2]);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      double sum = 0;
      for (int f = firstFrame; f < endFrame; f++) {
        sum += logProbs[i * encoderFrames + f][token];
      }
      out[i] = sum / (endFrame - firstFrame);
    }
    return out;
  }
}
