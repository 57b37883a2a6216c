package dev.zora.model;

/** A bundle's manifest or files are unusable; the message says which field or file and why. */
public final class InvalidBundleException extends Exception {
  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
