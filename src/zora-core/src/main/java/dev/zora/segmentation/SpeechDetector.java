package dev.zora.segmentation;

import java.util.List;
import java.util.Optional;

/**
 * Tells where speech starts and ends in audio that arrives in pieces: the energy-based {@link
 * VoiceActivityDetector}, or a neural one ({@link NeuralSpeechDetector}). Either applies the same
 * endpoint rules: speech must last the onset before it is reported, and a pause must last the
 * hangover before it ends speech. One instance per stream; not thread-safe.
 */
public interface SpeechDetector extends AutoCloseable {

  /** Speech began or ended at {@code sample}, counted from the start of the stream. */
  record Transition(boolean speechStarts, long sample) {}

  /** Feeds the next samples; returns the starts and ends of speech they completed, in order. */
  List<Transition> push(float[] samples);

  /**
   * Reports the transitions held back for more audio (a start waiting to be dated), as if no more
   * came: at the end of a recording or a push-to-talk flush. None by default.
   */
  default List<Transition> reportHeld() {
    return List.of();
  }

  /** Whether the samples pushed so far end in speech. */
  boolean inSpeech();

  /** How far back from the samples just pushed a reported speech start may lie, at most. */
  long longestStartDelaySamples();

  /** The samples the detector decides on at a time (its frame or chunk). */
  int frameSamples();

  /**
   * Whether what it does not report as speech can be left out: true for a detector that tells
   * speech from other sounds, false for one that only hears loudness (whose "silence" may be quiet
   * speech, so a recording with one utterance is transcribed whole).
   */
  boolean tellsSpeechFromNoise();

  /**
   * Whether the detector decides from per-chunk speech probabilities, which {@link
   * #speechProbability} and {@link #takeNewProbabilities} then give; false for one that only hears
   * loudness, which is the default.
   */
  default boolean givesProbabilities() {
    return false;
  }

  /**
   * The mean probability that the chunks between two samples (counted from the start of the stream)
   * hold speech, over the recent past the detector remembers; NaN for a detector that only hears
   * loudness, which is the default.
   */
  default double speechProbability(long fromSample, long toSample) {
    return Double.NaN;
  }

  /**
   * The speech probabilities of consecutive chunks, the first one starting at sample {@code
   * firstChunk * chunkSamples} of the stream.
   */
  record ChunkProbabilities(long firstChunk, int chunkSamples, float[] values) {
    public ChunkProbabilities {
      values = values.clone();
    }

    @Override
    public float[] values() {
      return values.clone();
    }
  }

  /**
   * The probabilities of the chunks decided since the last call (at most as far back as the
   * detector remembers); nothing for a detector that only hears loudness, which is the default, or
   * when no chunk was decided since.
   */
  default Optional<ChunkProbabilities> takeNewProbabilities() {
    return Optional.empty();
  }

  /** Releases what the detector holds (a model lease); the default holds nothing. */
  @Override
  default void close() {}
}
