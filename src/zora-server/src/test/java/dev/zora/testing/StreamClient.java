package dev.zora.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) for /v1/stream that keeps every message the server sent. */
public final class StreamClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** How the server closed the connection. */
  public record Closed(int code, String reason) {}

  private final List<JsonNode> messages = new ArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private StreamClient(URI uri) {
    this.socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
  }

  /** {@code http://host:port/v1/stream} or its {@code ws://} form. */
  public static StreamClient connect(URI uri) {
    return new StreamClient(URI.create(uri.toString().replaceFirst("^http", "ws")));
  }

  public StreamClient text(String message) {
    socket.sendText(message, true).join();
    return this;
  }

  public StreamClient start(String model, int sampleRate, String encoding, int channels) {
    return text(
        String.format(
            "{\"type\":\"start\",\"model\":\"%s\",\"sampleRate\":%d,\"encoding\":\"%s\","
                + "\"channels\":%d,\"interimResults\":true}",
            model, sampleRate, encoding, channels));
  }

  public StreamClient audio(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    return this;
  }

  /**
   * Sends the bytes in frames of {@code frameBytes}, so frames split samples wherever they fall.
   */
  public StreamClient audioInFrames(byte[] bytes, int frameBytes) {
    for (int at = 0; at < bytes.length; at += frameBytes) {
      audio(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + frameBytes)));
    }
    return this;
  }

  public StreamClient stop() {
    return text("{\"type\":\"stop\"}");
  }

  /** Drops the connection without a close handshake, as a crashed client would. */
  public void abort() {
    socket.abort();
  }

  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "the server did not close the stream within " + timeout + "; it sent " + messages(), e);
    }
  }

  public synchronized List<JsonNode> messages() {
    return List.copyOf(messages);
  }

  public List<JsonNode> ofType(String type) {
    return messages().stream().filter(m -> m.get("type").asText().equals(type)).toList();
  }

  /** The texts of every final, joined as a file transcript joins its utterances. */
  public String finalText() {
    return String.join(
        " ",
        ofType("final").stream()
            .map(m -> m.get("text").asText())
            .filter(t -> !t.isEmpty())
            .toList());
  }

  private synchronized void received(String text) {
    try {
      messages.add(JSON.readTree(text));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
