package dev.zora.decode;

/**
 * A stretch of the audio with its text.
 *
 * @param startSeconds from the beginning of the audio
 * @param endSeconds from the beginning of the audio
 * @param confidence in [0, 1]: the model's probability for this text
 * @param noSpeechProbability in [0, 1]: the speech detector's probability that this stretch holds
 *     no speech; NaN where the detector cannot tell (the energy detector only hears loudness)
 */
public record Segment(
    double startSeconds,
    double endSeconds,
    String text,
    double confidence,
    double noSpeechProbability) {

  /** A segment as a decoder gives it, before a speech detector has said anything about it. */
  public Segment(double startSeconds, double endSeconds, String text, double confidence) {
    this(startSeconds, endSeconds, text, confidence, Double.NaN);
  }

  /** The same segment, {@code seconds} later. */
  public Segment shifted(double seconds) {
    return new Segment(
        startSeconds + seconds, endSeconds + seconds, text, confidence, noSpeechProbability);
  }

  /** The same segment with both ends held inside {@code [from, to]}. */
  public Segment within(double from, double to) {
    return new Segment(
        Math.min(to, Math.max(from, startSeconds)),
        Math.min(to, Math.max(from, endSeconds)),
        text,
        confidence,
        noSpeechProbability);
  }

  /** The same segment with the speech detector's probability that it holds no speech. */
  public Segment withNoSpeechProbability(double probability) {
    return new Segment(startSeconds, endSeconds, text, confidence, probability);
  }
}
