package dev.zora.task;

/**
 * The request is well formed, but the method cannot explain this model or this audio: CAM on a
 * graph without a pooled linear head, attention on a model without attention, a hypothesis with no
 * token at the target index.
 */
public final class NotExplainableException extends RuntimeException {
  public NotExplainableException(String message) {
    super(message);
  }
}
