package dev.zora.pipeline;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.task.ServedModel;

/**
 * Audio made ready for a model as one utterance, as transcription feeds it: decoded, resampled to
 * the model's rate, padded as the model needs, and through its front end. The explain path starts
 * from here.
 *
 * @param samples mono samples at the model's rate, after any padding (what the features are of)
 * @param startSeconds where {@code samples} begin in the file (before the utterance where edge
 *     context was added, so it may be below 0)
 * @param durationSeconds what the transcriber is told the audio lasts: the audio with its edge
 *     context, before the padding to the fewest frames
 */
public record PreparedAudio(
    ServedModel model,
    float[] samples,
    double startSeconds,
    double durationSeconds,
    LogMelFeatures features) {

  public PreparedAudio {
    samples = samples.clone();
  }

  @Override
  public float[] samples() {
    return samples.clone();
  }
}
