package dev.zora.api.problem;

/** A request the web layer itself refuses (bad form, body too large), before the pipeline runs. */
public final class ApiException extends RuntimeException {
  private final ProblemKind kind;

  public ApiException(ProblemKind kind, String detail) {
    super(detail);
    this.kind = kind;
  }

  public ProblemKind kind() {
    return kind;
  }
}
