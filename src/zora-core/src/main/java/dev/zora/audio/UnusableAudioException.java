package dev.zora.audio;

/**
 * The bytes are in a known format but cannot be used: a truncated header, no samples, a sample rate
 * or duration outside the limits.
 */
public final class UnusableAudioException extends RuntimeException {
  public UnusableAudioException(String message) {
    super(message);
  }

  /** Audio longer than the server accepts. */
  public static UnusableAudioException longerThan(double maxSeconds) {
    return new UnusableAudioException(
        String.format(
            "the audio is longer than the %.0f s this server accepts (zora.limits.max-duration-seconds)",
            maxSeconds));
  }
}
