package dev.zora.stream;

/** Something a client sent that ends its stream, with the error to tell it. */
final class StreamRefusal extends RuntimeException {
  private final StreamError error;

  StreamRefusal(StreamError error, String message) {
    super(message);
    this.error = error;
  }

  StreamError error() {
    return error;
  }
}
