package dev.zora.explain;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.naming.ExternalNames;
import dev.zora.task.InvalidOptionException;

/**
 * What a removed log-mel cell is replaced with. The mean is the default: scattered cells pushed to
 * the floor look like nothing the model was trained on, so even a random ordering of them destroys
 * the prediction at once, and deletion curves cannot tell a good map from chance (measured on the
 * held-out digits: the random ordering's deletion AUC is 0.18 with the floor and 0.54 with the
 * mean).
 */
public enum Baseline {
  /**
   * Each mel bin's lowest value in the clip: the quietest the clip gets there, close to silence.
   */
  FLOOR("floor"),
  /**
   * Each mel bin's mean over the clip (0 after per-utterance mean removal): average energy, not
   * silence.
   */
  MEAN("mean");

  private final String apiName;

  Baseline(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static Baseline fromApiName(String name) {
    return ExternalNames.lookup(
        values(), Baseline::apiName, name, "baseline", InvalidOptionException::new);
  }

  /** The baseline input for {@code features}, row-major {@code [frames][melBins]}. */
  public float[] of(LogMelFeatures features) {
    int frames = features.frames();
    int mels = features.melBins();
    float[] out = new float[frames * mels];
    for (int m = 0; m < mels; m++) {
      double value = this == FLOOR ? Double.POSITIVE_INFINITY : 0;
      for (int t = 0; t < frames; t++) {
        value =
            this == FLOOR
                ? Math.min(value, features.value(t, m))
                : value + features.value(t, m) / frames;
      }
      for (int t = 0; t < frames; t++) {
        out[t * mels + m] = (float) value;
      }
    }
    return out;
  }
}
