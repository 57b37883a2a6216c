package dev.zora.api;

/** A request the web layer itself refuses (bad form, body too large), before the pipeline runs. */
final class ApiException extends RuntimeException {
  private final ProblemKind kind;

  ApiException(ProblemKind kind, String detail) {
    super(detail);
    this.kind = kind;
  }

  ProblemKind kind() {
    return kind;
  }
}
