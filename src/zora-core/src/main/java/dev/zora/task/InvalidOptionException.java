package dev.zora.task;

/**
 * An explain request names something that does not exist or a value out of range: the client must
 * change it.
 */
public final class InvalidOptionException extends RuntimeException {
  public InvalidOptionException(String message) {
    super(message);
  }
}
