package dev.zora.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * {@code /v1/stream}: live transcription over a WebSocket (protocol in docs/api.md). Callbacks run
 * on the event loop and only hand what arrives to the connection's {@link StreamSession}; the work
 * runs on the stream workers. A client that vanishes mid-stream (a reset, a broken pipe) is what
 * networks do: it is counted ({@code zora.stream.transport.failures}) and logged at DEBUG, and the
 * stream ends through {@link #close} as any other.
 */
@WebSocket(path = "/v1/stream")
public class StreamEndpoint {
  private static final Logger LOG = Logger.getLogger(StreamEndpoint.class);

  private final StreamSessions sessions;
  private final Counter transportFailures;

  public StreamEndpoint(StreamSessions sessions, MeterRegistry meters) {
    this.sessions = sessions;
    this.transportFailures =
        Counter.builder("zora.stream.transport.failures")
            .description(
                "Stream connections that failed under the server: client resets, broken pipes")
            .register(meters);
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

  @OnError
  @NonBlocking
  void transportFailed(WebSocketConnection connection, IOException failure) {
    transportFailures.increment();
    LOG.debugf(
        "stream %s: the connection failed under it (%s)", connection.id(), failure.toString());
  }
}
