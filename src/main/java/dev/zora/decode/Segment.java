package dev.zora.decode;

/**
 * A stretch of the audio with its text.
 *
 * @param startSeconds from the beginning of the audio
 * @param endSeconds from the beginning of the audio
 * @param confidence in [0, 1]: the model's probability for this text
 */
public record Segment(double startSeconds, double endSeconds, String text, double confidence) {

  /** The same segment, {@code seconds} later. */
  public Segment shifted(double seconds) {
    return new Segment(startSeconds + seconds, endSeconds + seconds, text, confidence);
  }

  /** The same segment with both ends held inside {@code [from, to]}. */
  public Segment within(double from, double to) {
    return new Segment(Math.min(to, Math.max(from, startSeconds)), Math.min(to, Math.max(from, endSeconds)), text,
        confidence);
  }
}
