package dev.zora.pipeline;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.task.ServedModel;

/**
 * One audio file made ready for a model as one utterance: decoded, resampled to the model's rate,
 * padded to its fewest frames, and through its front end. The explain path starts from here.
 *
 * @param samples mono samples at the model's rate, after any padding (what the features are of)
 * @param durationSeconds the duration of the decoded audio, before padding
 */
public record PreparedAudio(
    ServedModel model, float[] samples, double durationSeconds, LogMelFeatures features) {

  public PreparedAudio {
    samples = samples.clone();
  }

  @Override
  public float[] samples() {
    return samples.clone();
  }
}
