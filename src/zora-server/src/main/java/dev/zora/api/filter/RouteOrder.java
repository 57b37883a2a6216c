package dev.zora.api.filter;

/**
 * The order of Zora's Vert.x routes, in one place: each runs on every request before JAX-RS sees
 * it, lowest first. Quarkus' CORS filter (-300) runs before all of them, so every refusal carries
 * the CORS headers a page needs to read it; Quarkus' own upload-limit route (-2) runs after them.
 */
public final class RouteOrder {
  /** 414 and 431: a request whose head is over the limits is answered before anything reads it. */
  static final int HEAD_LIMITS = -9;

  /**
   * The body deadline runs from the headers, so it starts before anything else waits on the
   * request.
   */
  public static final int BODY_DEADLINE = -8;

  /** While the server shuts down every new request gets 503, whoever sends it. */
  static final int DRAIN = -7;

  /** Connections per client address, counted before the client's key is looked at. */
  static final int CONNECTION_LIMIT = -6;

  /**
   * API keys and the rate limit: a client without a key learns nothing about the limits after it.
   */
  static final int ACCESS_CONTROL = -5;

  /** The failure handler that answers an upload the disk has no room for; ahead of Quarkus' own. */
  public static final int UPLOAD_STORAGE = -4;

  /** Uploads over zora.limits.max-upload-bytes, just ahead of Quarkus' upload-limit route (-2). */
  public static final int UPLOAD_LIMIT = -3;

  private RouteOrder() {}
}
