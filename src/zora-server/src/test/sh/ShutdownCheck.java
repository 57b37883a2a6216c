import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM to a running Zora while it works: REST requests in flight and live streams that have
 * sent a digit string but not stopped. Every request must get its 200 transcript, every stream a
 * non-empty final before its close (1001), and the process must exit within the grace period.
 * JDK only, run with the source launcher by graceful-shutdown.sh:
 * {@code java ShutdownCheck.java <base url> <pid> <digit string wav, 8 kHz 16-bit mono> <streams> <requests>}.
 */
public class ShutdownCheck {
  private static final Duration GRACE = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    ProcessHandle server = ProcessHandle.of(Long.parseLong(args[1])).orElseThrow();
    byte[] wav = Files.readAllBytes(Path.of(args[2]));
    int streams = Integer.parseInt(args[3]);
    int requests = Integer.parseInt(args[4]);
    HttpClient http = HttpClient.newHttpClient();

    List<Stream> open = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      open.add(new Stream(http, URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/stream"), pcm(wav)));
    }
    for (Stream stream : open) {
      stream.ready.get(30, TimeUnit.SECONDS);
    }
    byte[] longRecording = repeated(wav, 30);
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      inFlight.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/transcriptions?model=digits-ctc"))
          .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(longRecording)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(500); // the requests are being transcribed, the streams' audio is in
    long signalled = System.nanoTime();
    server.destroy(); // SIGTERM

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = inFlight.get(i).get(60, TimeUnit.SECONDS);
      if (response.statusCode() != 200 || !response.body().contains("\"text\"")) {
        failures.add("request " + i + ": " + response.statusCode() + " " + response.body());
      }
    }
    for (int i = 0; i < streams; i++) {
      Stream stream = open.get(i);
      int code = stream.closed.get(60, TimeUnit.SECONDS);
      String finals = stream.finalText();
      if (code != 1001 || finals.isBlank()) {
        failures.add("stream " + i + ": close " + code + ", finals \"" + finals + "\", messages " + stream.messages);
      }
    }
    boolean exited = server.onExit().thenApply(p -> true)
        .completeOnTimeout(false, GRACE.toSeconds() + 10, TimeUnit.SECONDS).get();
    if (!exited) {
      failures.add("the server had not exited " + (GRACE.toSeconds() + 10) + " s after SIGTERM");
    }
    System.out.printf("SIGTERM: %d requests answered, %d streams got their finals, exit after %.1f s%n",
        requests, streams, (System.nanoTime() - signalled) / 1e9);
    if (!failures.isEmpty()) {
      failures.forEach(System.err::println);
      System.exit(1);
    }
  }

  /** The data chunk of a canonical 44-byte-header WAV file. */
  private static byte[] pcm(byte[] wav) {
    return java.util.Arrays.copyOfRange(wav, 44, wav.length);
  }

  /** The recording {@code times} times over, one WAV file. */
  private static byte[] repeated(byte[] wav, int times) {
    byte[] pcm = pcm(wav);
    ByteBuffer out = ByteBuffer.allocate(44 + pcm.length * times).order(ByteOrder.LITTLE_ENDIAN);
    out.put(wav, 0, 44);
    for (int i = 0; i < times; i++) {
      out.put(pcm);
    }
    out.putInt(4, out.capacity() - 8).putInt(40, pcm.length * times);
    return out.array();
  }

  /** A stream that sends its audio at once and never stops: only the server can end it. */
  private static final class Stream implements WebSocket.Listener {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder text = new StringBuilder();

    Stream(HttpClient http, URI uri, byte[] pcm) {
      WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, this).join();
      socket.sendText("{\"type\":\"start\",\"model\":\"digits-ctc\",\"sampleRate\":8000,"
          + "\"encoding\":\"pcm_s16le\",\"interimResults\":false}", true).join();
      for (int at = 0; at < pcm.length; at += 3200) {
        socket.sendBinary(ByteBuffer.wrap(pcm, at, Math.min(3200, pcm.length - at)), true).join();
      }
    }

    String finalText() {
      return String.join(" ", messages.stream().filter(m -> m.contains("\"type\":\"final\""))
          .map(m -> m.replaceFirst("^.*?\"text\":\"([^\"]*)\".*$", "$1")).toList()).strip();
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        messages.add(message);
        if (message.contains("\"type\":\"ready\"")) {
          ready.complete(null);
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      ready.completeExceptionally(error);
      closed.completeExceptionally(error);
    }
  }
}
