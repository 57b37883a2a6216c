package dev.zora.audio;

/** The bytes are not audio Zora can decode: an unknown container or codec, or no decoder for it. */
public final class UnsupportedAudioException extends RuntimeException {
  public UnsupportedAudioException(String message) {
    super(message);
  }
}
