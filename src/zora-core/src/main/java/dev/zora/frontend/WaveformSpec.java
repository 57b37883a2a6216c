package dev.zora.frontend;

/**
 * The input of a model that takes raw samples ({@code frontend.type = "waveform"}): mono float PCM
 * in [-1, 1] at {@code sampleRate}, fed {@code chunkSamples} at a time, each chunk preceded by the
 * last {@code contextSamples} of the audio before it (zeros before the first chunk).
 */
public record WaveformSpec(int sampleRate, int chunkSamples, int contextSamples) {
  public WaveformSpec {
    if (sampleRate <= 0 || chunkSamples <= 0 || contextSamples < 0) {
      throw new IllegalArgumentException(
          "waveform front end out of range: sampleRate "
              + sampleRate
              + ", chunkSamples "
              + chunkSamples
              + ", contextSamples "
              + contextSamples);
    }
  }

  /** The length of one chunk in seconds. */
  public double chunkSeconds() {
    return chunkSamples / (double) sampleRate;
  }
}
