import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a running Zora busy for N minutes the way a LAN box is used, and reports every interval the
 * errors, the latency and the server's resident memory, to show that nothing piles up:
 * <ul>
 *   <li>REST clients posting a WAV to /v1/transcriptions back to back (digits-cnn clip and
 *       digits-ctc string in turn): status, latency;
 *   <li>streams that play a digit string at real-time pace, stop, and must get a non-empty final
 *       and a 1000 close ("lost finals" counts those that do not);
 *   <li>streams that play half a string and vanish without a close handshake.
 * </ul>
 * JDK only, run with the source launcher against a server started separately (its pid is read for
 * VmRSS from /proc):
 *
 * <pre>
 *   java bench/Soak.java --url http://localhost:8080 --pid PID [--minutes 30] [--interval 60]
 *       [--rest 2] [--streams 2] [--vanishing 1] [--models models]
 * </pre>
 */
public final class Soak {
  private static final int RATE = 8000;
  private static final int FRAME_BYTES = RATE / 10 * 2; // 100 ms of 16-bit mono

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final byte[] clip;
  private final byte[] string;
  private final AtomicLong rest = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong otherErrors = new AtomicLong();
  private final AtomicLong streamsEnded = new AtomicLong();
  private final AtomicLong lostFinals = new AtomicLong();
  private final AtomicLong vanished = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> restMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> stopToCloseMillis = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  private Soak(URI base, Path models) throws Exception {
    this.base = base;
    this.clip = Files.readAllBytes(firstGoldenWav(models.resolve("digits-cnn/golden")));
    this.string = Files.readAllBytes(models.resolve("digits-ctc/golden/espeak-string-0.wav"));
  }

  public static void main(String[] args) throws Exception {
    URI url = URI.create(option(args, "--url", "http://localhost:8080"));
    long pid = Long.parseLong(option(args, "--pid", null));
    double minutes = Double.parseDouble(option(args, "--minutes", "30"));
    int interval = Integer.parseInt(option(args, "--interval", "60"));
    Soak soak = new Soak(url, Path.of(option(args, "--models", "models")));
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(option(args, "--rest", "2")); i++) {
      clients.add(daemon(soak::restClient));
    }
    for (int i = 0; i < Integer.parseInt(option(args, "--streams", "2")); i++) {
      clients.add(daemon(() -> soak.streamClient(false)));
    }
    for (int i = 0; i < Integer.parseInt(option(args, "--vanishing", "1")); i++) {
      clients.add(daemon(() -> soak.streamClient(true)));
    }
    System.out.println("| minute | REST requests | 5xx | other errors | REST p50 ms | REST p95 ms"
        + " | streams ended | lost finals | vanished | stop→close p95 ms | RSS MB |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    long start = System.nanoTime();
    long end = start + (long) (minutes * 60e9);
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(interval * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      soak.report((System.nanoTime() - start) / 60e9, pid);
    }
    soak.running = false;
    for (Thread client : clients) {
      client.join(60_000);
    }
    soak.report((System.nanoTime() - start) / 60e9, pid);
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void restClient() {
    for (long n = 0; running; n++) {
      byte[] wav = n % 2 == 0 ? clip : string;
      String model = n % 2 == 0 ? "digits-cnn" : "digits-ctc";
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions?model=" + model))
            .header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(), HttpResponse.BodyHandlers.ofString());
        restMillis.add((System.nanoTime() - t0) / 1_000_000);
        rest.incrementAndGet();
        if (response.statusCode() >= 500) {
          serverErrors.incrementAndGet();
        } else if (response.statusCode() != 200) {
          otherErrors.incrementAndGet();
        }
      } catch (Exception e) {
        otherErrors.incrementAndGet();
      }
    }
  }

  private void streamClient(boolean vanish) {
    byte[] pcm = Arrays.copyOfRange(string, 44, string.length);
    int length = vanish ? pcm.length / 2 / FRAME_BYTES * FRAME_BYTES : pcm.length;
    while (running) {
      Listener listener = new Listener();
      try {
        WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/stream"), listener)
            .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"start\",\"model\":\"digits-ctc\",\"sampleRate\":8000,"
            + "\"encoding\":\"pcm_s16le\"}", true).get(10, TimeUnit.SECONDS);
        // The whole string (or half of it) even when the soak is ending: a stream cut short by the
        // soak itself could hold no word, and its empty final would count as lost.
        for (int at = 0; at < length; at += FRAME_BYTES) {
          socket.sendBinary(ByteBuffer.wrap(pcm, at, Math.min(FRAME_BYTES, length - at)), true).get(10, TimeUnit.SECONDS);
          Thread.sleep(100); // real time: a microphone delivers 100 ms every 100 ms
        }
        if (vanish) {
          socket.abort();
          vanished.incrementAndGet();
          continue;
        }
        long stopped = System.nanoTime();
        socket.sendText("{\"type\":\"stop\"}", true).get(10, TimeUnit.SECONDS);
        int code = listener.closed.get(60, TimeUnit.SECONDS);
        stopToCloseMillis.add((System.nanoTime() - stopped) / 1_000_000);
        streamsEnded.incrementAndGet();
        if (code != 1000 || !listener.heardFinal) {
          lostFinals.incrementAndGet();
        }
      } catch (Exception e) {
        otherErrors.incrementAndGet();
      }
    }
  }

  private synchronized void report(double minute, long pid) throws Exception {
    List<Long> latencies = drain(restMillis);
    List<Long> closes = drain(stopToCloseMillis);
    System.out.printf("| %.1f | %d | %d | %d | %s | %s | %d | %d | %d | %s | %.0f |%n", minute, rest.get(),
        serverErrors.get(), otherErrors.get(), percentile(latencies, 50), percentile(latencies, 95),
        streamsEnded.get(), lostFinals.get(), vanished.get(), percentile(closes, 95), rssMegabytes(pid));
  }

  private static List<Long> drain(ConcurrentLinkedQueue<Long> queue) {
    List<Long> values = new ArrayList<>();
    for (Long v = queue.poll(); v != null; v = queue.poll()) {
      values.add(v);
    }
    values.sort(null);
    return values;
  }

  private static String percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? "-" : Long.toString(sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)));
  }

  private static double rssMegabytes(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static Path firstGoldenWav(Path golden) throws Exception {
    try (var files = Files.list(golden)) {
      return files.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    if (fallback == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return fallback;
  }

  /** Whether a non-empty final arrived, and the close code. */
  private static final class Listener implements WebSocket.Listener {
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile boolean heardFinal;
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        if (message.contains("\"type\":\"final\"") && !message.contains("\"text\":\"\"")) {
          heardFinal = true;
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
      closed.completeExceptionally(error);
    }
  }
}
