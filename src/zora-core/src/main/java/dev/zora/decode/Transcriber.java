package dev.zora.decode;

import dev.zora.frontend.LogMelFeatures;

/**
 * Turns one utterance's features into a transcript by running a model and decoding its outputs. One
 * implementation per task (classification now; CTC and sequence-to-sequence next), all behind this
 * interface so that callers never depend on the task.
 */
public interface Transcriber extends AutoCloseable {

  /**
   * @param audioSeconds the duration of the audio the features came from, for segment times
   */
  Transcript transcribe(LogMelFeatures features, double audioSeconds);

  /** Releases the sessions this transcriber owns. */
  @Override
  void close();
}
