package dev.zora.model;

/**
 * A model was asked for something its task does not do (such as a speech detector asked to
 * transcribe).
 */
public final class WrongTaskException extends RuntimeException {
  public WrongTaskException(String message) {
    super(message);
  }
}
