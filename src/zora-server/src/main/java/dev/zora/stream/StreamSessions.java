package dev.zora.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.pipeline.LiveSettings;
import dev.zora.pipeline.Zora;
import dev.zora.server.ZoraConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open streams, the connection limit, the worker threads every stream's work runs on, and the
 * sweeper that ends idle and over-long connections.
 */
@ApplicationScoped
@Startup // so its gauge (zora_streams_open) is there before the first stream
public class StreamSessions {
  private static final long SWEEP_MILLIS = 250;
  private static final long CLOSE_POLL_MILLIS = 20;

  private final Zora zora;
  private final LiveSettings liveSettings;
  private final ZoraConfig.Stream limits;
  private final ObjectMapper json;
  private final Vertx vertx;
  private final ExecutorService workers;
  private final Map<String, StreamSession> open = new ConcurrentHashMap<>();
  private final StreamMetrics metrics;
  private final AtomicInteger admitted = new AtomicInteger();
  private final long sweeper;
  private volatile boolean stopping;

  public StreamSessions(
      Zora zora,
      LiveSettings liveSettings,
      ZoraConfig config,
      ObjectMapper json,
      Vertx vertx,
      MeterRegistry meters) {
    this.zora = zora;
    Gauge.builder("zora.streams.open", open, Map::size)
        .description("Live streams open now")
        .register(meters);
    this.metrics = new StreamMetrics(meters);
    this.liveSettings = liveSettings;
    this.limits = config.stream();
    this.json = json;
    this.vertx = vertx;
    this.workers = Executors.newFixedThreadPool(limits.workers(), workerThreads());
    this.sweeper =
        vertx.setPeriodic(
            SWEEP_MILLIS,
            id -> {
              long now = System.nanoTime();
              open.values().forEach(session -> session.checkLimits(now));
            });
  }

  /**
   * Admits a new connection, or tells it that there are already as many as allowed and closes it.
   */
  void opened(WebSocketConnection connection) {
    if (stopping) {
      refuseAtOnce(
          connection,
          StreamError.SERVER_STOPPING,
          "the server is shutting down; reconnect when it is back");
      return;
    }
    if (admitted.incrementAndGet() > limits.maxConnections()) {
      admitted.decrementAndGet();
      String message =
          "the server already has "
              + limits.maxConnections()
              + " streams open (zora.stream.max-connections); retry later";
      refuseAtOnce(connection, StreamError.TOO_MANY_CONNECTIONS, message);
      return;
    }
    open.put(connection.id(), new StreamSession(connection, this));
  }

  private void refuseAtOnce(WebSocketConnection connection, StreamError error, String message) {
    ServerMessage.Error refusal = ServerMessage.Error.of(error, message);
    metrics.sent(refusal, null);
    connection
        .sendText(toJson(refusal))
        .chain(() -> connection.close(new CloseReason(error.closeCode(), message)))
        .subscribe()
        .with(ok -> {}, failure -> {});
  }

  /**
   * The server is stopping: new streams are refused, every open stream gets the finals of the audio
   * it sent and its close (1001), and this waits for those closes for up to {@code grace}.
   *
   * @return how many streams were still open when the grace period ran out
   */
  public int finishOpenStreams(Duration grace) {
    stopping = true;
    open.values().forEach(StreamSession::onServerStopping);
    long deadline = System.nanoTime() + grace.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(CLOSE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return open.size();
  }

  void text(WebSocketConnection connection, String text) {
    StreamSession session = open.get(connection.id());
    if (session != null) {
      session.onText(text);
    }
  }

  void audio(WebSocketConnection connection, byte[] bytes) {
    StreamSession session = open.get(connection.id());
    if (session != null) {
      session.onAudio(bytes);
    }
  }

  /** The connection is gone, whoever closed it: its slot is free, its remaining work still runs. */
  void closed(WebSocketConnection connection) {
    StreamSession session = open.remove(connection.id());
    if (session != null) {
      admitted.decrementAndGet();
      session.onClientClosed();
    }
  }

  Zora zora() {
    return zora;
  }

  LiveSettings liveSettings() {
    return liveSettings;
  }

  ZoraConfig.Stream limits() {
    return limits;
  }

  ObjectMapper json() {
    return json;
  }

  String defaultModel() {
    return zora.defaultModel();
  }

  StreamMetrics metrics() {
    return metrics;
  }

  ExecutorService workers() {
    return workers;
  }

  String toJson(ServerMessage message) {
    try {
      return json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void shutDown() {
    vertx.cancelTimer(sweeper);
    workers.shutdownNow();
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "zora-stream-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
