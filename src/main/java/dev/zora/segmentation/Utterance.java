package dev.zora.segmentation;

/**
 * A stretch of a longer recording that is transcribed on its own.
 *
 * @param startSample where it starts in the recording, in samples at {@code sampleRate}
 * @param samples mono audio; the array is owned by this utterance, callers must not change it
 */
public record Utterance(long startSample, float[] samples, int sampleRate) {

  public double startSeconds() {
    return startSample / (double) sampleRate;
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }
}
