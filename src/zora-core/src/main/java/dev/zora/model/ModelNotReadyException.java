package dev.zora.model;

/** The bundle exists but is not serving (it failed to load); the message carries the reason. */
public final class ModelNotReadyException extends RuntimeException {
  public ModelNotReadyException(String id, String reason) {
    super("model \"" + id + "\" is not ready: " + reason);
  }
}
