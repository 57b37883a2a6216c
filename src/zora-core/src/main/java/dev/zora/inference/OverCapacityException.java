package dev.zora.inference;

/**
 * Every inference slot is busy and the waiting line is full (or the wait timed out): retry later.
 */
public final class OverCapacityException extends RuntimeException {
  public OverCapacityException(String message) {
    super(message);
  }
}
