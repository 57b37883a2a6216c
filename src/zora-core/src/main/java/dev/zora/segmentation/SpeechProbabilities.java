package dev.zora.segmentation;

/**
 * A stateful source of per-chunk speech probabilities, such as a neural VAD's session for one
 * stream: each call sees the next {@link #chunkSamples()} samples and what came before them.
 */
public interface SpeechProbabilities extends AutoCloseable {

  /** The samples each call takes. */
  int chunkSamples();

  /**
   * The probability (0..1) that the next chunk holds speech; {@code chunk} has {@link
   * #chunkSamples()} samples.
   */
  float next(float[] chunk);

  /** Releases what the source holds; the default holds nothing. */
  @Override
  default void close() {}
}
