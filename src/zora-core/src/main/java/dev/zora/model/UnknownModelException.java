package dev.zora.model;

import java.util.Collection;

/** No bundle with this id exists in the models folder. */
public final class UnknownModelException extends RuntimeException {
  public UnknownModelException(String id, Collection<String> known) {
    super(
        "no model with id \""
            + id
            + "\"; available models: "
            + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
