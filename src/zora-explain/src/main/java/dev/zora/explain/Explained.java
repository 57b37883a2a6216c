package dev.zora.explain;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.task.ServedModel;
import dev.zora.task.Target;
import dev.zora.task.TargetScorer;

/**
 * One input being explained: the model, the log-mel input, the baseline removed cells take, the
 * target and the scorer of that target. Every method's {@code attribute} takes this.
 */
record Explained(
    ServedModel model,
    LogMelFeatures features,
    float[] baseline,
    Target target,
    TargetScorer scorer) {

  float[] input() {
    return features.values();
  }

  int frames() {
    return features.frames();
  }

  int melBins() {
    return features.melBins();
  }

  /**
   * The input with each cell moved from its value toward the baseline: {@code b + keep * (x - b)}.
   */
  float[] blended(float[] keep) {
    float[] x = features.values();
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = baseline[i] + keep[i] * (x[i] - baseline[i]);
    }
    return out;
  }
}
