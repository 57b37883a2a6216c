package dev.zora.stream;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /v1/stream}: live transcription over a WebSocket (protocol in README.md). Callbacks run on
 * the event loop and only hand what arrives to the connection's {@link StreamSession}; the work
 * runs on the stream workers.
 */
@WebSocket(path = "/v1/stream")
public class StreamEndpoint {
  private final StreamSessions sessions;

  public StreamEndpoint(StreamSessions sessions) {
    this.sessions = sessions;
  }

  @OnOpen
  @NonBlocking
  void open(WebSocketConnection connection) {
    sessions.opened(connection);
  }

  @OnTextMessage
  @NonBlocking
  void text(WebSocketConnection connection, String message) {
    sessions.text(connection, message);
  }

  @OnBinaryMessage
  @NonBlocking
  void audio(WebSocketConnection connection, Buffer frame) {
    sessions.audio(connection, frame.getBytes());
  }

  @OnClose
  @NonBlocking
  void close(WebSocketConnection connection) {
    sessions.closed(connection);
  }
}
