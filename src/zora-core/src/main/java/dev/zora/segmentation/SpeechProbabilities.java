package dev.zora.segmentation;

/**
 * A stateful source of per-chunk speech probabilities, such as a neural VAD's session for one
 * stream: each call sees the next chunks of {@link #chunkSamples()} samples and what came before
 * them.
 */
public interface SpeechProbabilities extends AutoCloseable {

  /** The samples each call takes. */
  int chunkSamples();

  /**
   * The probability (0..1) that each of the next chunks holds speech, in order; {@code chunks} is
   * one or more whole chunks of {@link #chunkSamples()} samples, back to back (a source may run
   * them at once).
   */
  float[] next(float[] chunks);

  /** Releases what the source holds; the default holds nothing. */
  @Override
  default void close() {}
}
