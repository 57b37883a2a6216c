package dev.zora.api.problem;

/** The problems Zora answers with: a status, a stable type URI and a title for each. */
public enum ProblemKind {
  BAD_REQUEST(400, "bad-request", "Bad request"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  WRONG_TASK(400, "wrong-task", "Model cannot do this"),
  UNKNOWN_MODEL(404, "unknown-model", "Unknown model"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
  URI_TOO_LONG(414, "uri-too-long", "URI too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  UNSUPPORTED_AUDIO(415, "unsupported-audio", "Unsupported audio"),
  UNUSABLE_AUDIO(422, "unusable-audio", "Unusable audio"),
  NOT_EXPLAINABLE(422, "not-explainable", "Not explainable"),
  OVER_CAPACITY(429, "over-capacity", "Over capacity"),
  RATE_LIMITED(429, "rate-limited", "Too many requests"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "Request header fields too large"),
  INTERNAL_ERROR(500, "internal-error", "Internal server error"),
  INSUFFICIENT_STORAGE(507, "insufficient-storage", "Insufficient storage"),
  MODEL_NOT_READY(503, "model-not-ready", "Model not ready"),
  BUSY(503, "busy", "Server busy"),
  TOO_MANY_CONNECTIONS(503, "too-many-connections", "Too many connections"),
  SHUTTING_DOWN(503, "shutting-down", "Shutting down");

  private final int status;
  private final String slug;
  private final String title;

  ProblemKind(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  Problem problem(String detail, String instance) {
    return new Problem("urn:zora:problem:" + slug, title, status, detail, instance);
  }
}
