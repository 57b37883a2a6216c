package dev.zora.stream;

/**
 * Why the server ends a stream: the {@code code} of the {@code error} message it sends, and the
 * WebSocket close code that follows (RFC 6455, section 7.4.1).
 */
enum StreamError {
  /** Not JSON, an unknown type, a start message with a missing or wrong field, a second start. */
  BAD_MESSAGE("bad_message", 1008),
  /** Binary audio before the start message said what it is. */
  AUDIO_BEFORE_START("audio_before_start", 1008),
  UNKNOWN_MODEL("unknown_model", 1008),
  /** The model exists but failed to load. */
  MODEL_NOT_READY("model_not_ready", 1011),
  FRAME_TOO_LARGE("frame_too_large", 1009),
  TOO_MANY_CONNECTIONS("too_many_connections", 1013),
  IDLE_TIMEOUT("idle_timeout", 1008),
  SESSION_TOO_LONG("session_too_long", 1008),
  /** More audio waiting to be processed than a connection may hold: the server fell behind. */
  BUFFER_FULL("buffer_full", 1013),
  /** A pcm_f32le sample that is NaN or infinite. */
  UNUSABLE_AUDIO("unusable_audio", 1007),
  /** Every inference slot stayed busy. */
  OVER_CAPACITY("over_capacity", 1013),
  /**
   * The server is stopping: the finals of the audio already sent come first (close 1001, going
   * away).
   */
  SERVER_STOPPING("server_stopping", 1001),
  INTERNAL("internal_error", 1011);

  private final String code;
  private final int closeCode;

  StreamError(String code, int closeCode) {
    this.code = code;
    this.closeCode = closeCode;
  }

  String code() {
    return code;
  }

  int closeCode() {
    return closeCode;
  }
}
