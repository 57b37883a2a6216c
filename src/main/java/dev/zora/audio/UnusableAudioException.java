package dev.zora.audio;

/**
 * The bytes are in a known format but cannot be used: a truncated header, no samples, a sample rate
 * or duration outside the limits.
 */
public final class UnusableAudioException extends RuntimeException {
  public UnusableAudioException(String message) {
    super(message);
  }
}
