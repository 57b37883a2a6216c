package dev.zora.inference;

/** ONNX Runtime failed, or a graph's inputs or outputs are not what the caller expected. */
public final class InferenceException extends RuntimeException {
  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
