package dev.zora.segmentation;

/**
 * A stretch of a longer recording that is transcribed on its own: the speech the voice activity
 * detector found, with some of the audio around it.
 *
 * @param startSample where the utterance starts in the recording, in samples at {@code sampleRate}
 * @param samples mono audio; the array is owned by this utterance, callers must not change it
 * @param speechStartSample where its speech starts in the recording (at or after startSample)
 * @param speechEndSample where its speech ends in the recording (at or before the utterance's end)
 * @param speechProbability the detector's mean probability of speech between speechStartSample and
 *     speechEndSample; NaN for a detector that only hears loudness
 */
public record Utterance(
    long startSample,
    float[] samples,
    long speechStartSample,
    long speechEndSample,
    int sampleRate,
    double speechProbability) {

  public double startSeconds() {
    return startSample / (double) sampleRate;
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  public double speechStartSeconds() {
    return speechStartSample / (double) sampleRate;
  }

  public double speechEndSeconds() {
    return speechEndSample / (double) sampleRate;
  }
}
