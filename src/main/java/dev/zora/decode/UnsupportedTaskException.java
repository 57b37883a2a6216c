package dev.zora.decode;

/** The model loaded, but transcribing with its task is not implemented in this version. */
public final class UnsupportedTaskException extends RuntimeException {
  public UnsupportedTaskException(String message) {
    super(message);
  }
}
