import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Closed-loop load on a running Zora's POST /v1/transcriptions: at each concurrency level, that many
 * clients send the same clip back to back for a while, and the program reports throughput, latency
 * percentiles, errors and (with --pid) the server's CPU time per request during the level (user plus
 * system, from /proc: what bounds throughput on a machine whose other load moves the req/s) and its
 * resident memory after it. --query adds request parameters (such as vad=energy).
 *
 * <p>The clip is a digits-cnn golden digit (8 kHz, 16-bit) centred in silence to the length asked
 * for, or any audio file given with --clip (sent with the content type of its extension: wav, mp3,
 * ogg/opus, flac, webm), which is how bench/peer_compare.sh measures 16, 44.1 and 48 kHz and
 * compressed input.
 *
 * <p>Each client is one thread with one kept-alive HTTP/1.1 connection that writes the prepared
 * request in one go and reads the answer's status and body: about what {@code ab} does. The JDK's
 * {@code HttpClient}, used before, hands every request between its own threads: 0.6-0.7 ms of CPU
 * per request (this machine, 8 and 48 kHz clips), half of what the server under test took on the
 * same two cores; this client takes 0.06-0.08 ms. Its own CPU per request is reported, so a run
 * says what it took. A JDK-only single-file program, run with the JDK's source launcher:
 *
 * <pre>
 *   java bench/RestLoad.java [--url http://127.0.0.1:8080] [--model digits-cnn] [--clip-seconds 1]
 *       [--clip FILE] [--concurrency 1,4,16,64] [--seconds 20] [--warmup-seconds 5] [--pid SERVER_PID] [--query vad=energy]
 *   java bench/RestLoad.java --clip-seconds 1 --write-clip clip.wav     # writes the generated clip only
 * </pre>
 */
public final class RestLoad {
  private static final int RATE = 8000;
  private static final Pattern LABEL = Pattern.compile("\"label\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern WAV = Pattern.compile("\"wav\"\\s*:\\s*\"([^\"]+)\"");

  record Level(int concurrency, int requests, int errors, double seconds, List<Double> millis) {}

  public static void main(String[] args) throws Exception {
    String url = option(args, "--url", "http://127.0.0.1:8080");
    String model = option(args, "--model", "digits-cnn");
    double clipSeconds = Double.parseDouble(option(args, "--clip-seconds", "1"));
    double seconds = Double.parseDouble(option(args, "--seconds", "20"));
    double warmup = Double.parseDouble(option(args, "--warmup-seconds", "5"));
    String pid = option(args, "--pid", null);
    String file = option(args, "--clip", null);
    byte[] wav = file == null ? clip(clipSeconds) : Files.readAllBytes(Path.of(file));
    String writeTo = option(args, "--write-clip", null);
    if (writeTo != null) { // only writes the generated clip, for converting it to other rates and formats
      Files.write(Path.of(writeTo), wav);
      return;
    }
    String contentType = file == null ? "audio/wav" : contentType(file);
    String query = option(args, "--query", null);
    URI uri = URI.create(url + "/v1/transcriptions?model=" + model + (query == null ? "" : "&" + query));
    byte[] request = request(uri, contentType, wav);

    System.out.printf("%s, %s, %.0f s per level (after %.0f s warm-up)%n", model,
        file == null ? String.format("%.0f s clip", clipSeconds) : file + " (" + contentType + ")", seconds, warmup);
    System.out.println("| concurrency | requests | errors | throughput (req/s) | p50 ms | p90 ms | p99 ms | server CPU ms/request | server RSS after | load generator CPU ms/request |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (String level : option(args, "--concurrency", "1,4,16,64").split(",")) {
      int clients = Integer.parseInt(level.strip());
      run(uri, request, clients, warmup);
      long cpuBefore = pid == null ? 0 : cpuMillis(pid);
      long ownCpuBefore = cpuMillis("self");
      Level measured = run(uri, request, clients, seconds);
      double ownCpu = (cpuMillis("self") - ownCpuBefore) / (double) measured.requests();
      String cpu = pid == null ? "-" : String.format("%.2f", (cpuMillis(pid) - cpuBefore) / (double) measured.requests());
      List<Double> sorted = new ArrayList<>(measured.millis());
      Collections.sort(sorted);
      System.out.printf("| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %s | %s | %.2f |%n", clients, measured.requests(),
          measured.errors(), measured.requests() / measured.seconds(), percentile(sorted, 0.5),
          percentile(sorted, 0.9), percentile(sorted, 0.99), cpu, pid == null ? "-" : rssMiB(pid) + " MiB", ownCpu);
    }
  }

  private static Level run(URI uri, byte[] request, int clients, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger errors = new AtomicInteger();
    List<Future<List<Double>>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        List<Double> millis = new ArrayList<>();
        Connection connection = null;
        try {
          while (System.nanoTime() < deadline) {
            if (connection == null) {
              connection = new Connection(uri);
            }
            long sent = System.nanoTime();
            int status;
            try {
              status = connection.exchange(request);
            } catch (IOException e) { // counted as a failed request; the next one reconnects
              status = -1;
              connection.keptAlive = false;
            }
            millis.add((System.nanoTime() - sent) / 1e6);
            if (status != 200) {
              errors.incrementAndGet();
            }
            if (!connection.keptAlive) {
              connection.close();
              connection = null;
            }
          }
        } finally {
          if (connection != null) {
            connection.close();
          }
        }
        return millis;
      }));
    }
    List<Double> all = new ArrayList<>();
    for (Future<List<Double>> worker : workers) {
      all.addAll(worker.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Level(clients, all.size(), errors.get(), elapsed, all);
  }

  /** The whole POST, head and body, as the bytes one write sends. */
  private static byte[] request(URI uri, String contentType, byte[] body) {
    String head = "POST " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** One kept-alive HTTP/1.1 connection: writes a request, reads the status and the whole body. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    boolean keptAlive = true;

    Connection(URI uri) throws IOException {
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Sends {@code request} and returns the answer's status once its body has been read. */
    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      long length = -1;
      boolean chunked = false;
      keptAlive = statusLine.startsWith("HTTP/1.1");
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip().toLowerCase();
        String value = header.substring(colon + 1).strip().toLowerCase();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> keptAlive = !value.contains("close");
          default -> { }
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
            size = Long.parseLong(line().split(";")[0].strip(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) { } // trailers
      } else if (length >= 0) {
        skip(length);
      } else { // the body runs to the end of the connection
        while (in.read() >= 0) { }
        keptAlive = false;
      }
      return status;
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new EOFException("the server closed the connection");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    private void skip(long bytes) throws IOException {
      for (long left = bytes; left > 0; ) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new EOFException("the server closed the connection mid-body");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a connection the server may already have closed
      }
    }
  }

  /** The first golden digit of digits-cnn, centred in silence to {@code seconds}, as 16-bit WAV. */
  private static byte[] clip(double seconds) throws IOException {
    Path golden = Path.of("models/digits-cnn/golden");
    Path wav;
    try (Stream<Path> docs = Files.list(golden)) {
      wav = docs.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
        try {
          String doc = Files.readString(p);
          Matcher label = LABEL.matcher(doc);
          Matcher file = WAV.matcher(doc);
          return label.find() && !label.group(1).startsWith("_") && file.find() ? golden.resolve(file.group(1)) : null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).filter(p -> p != null).findFirst().orElseThrow(() -> new IllegalStateException("no golden digit in " + golden));
    }
    byte[] source = Files.readAllBytes(wav);
    int dataAt = indexOf(source, "data".getBytes()) + 8;
    int speechBytes = Math.min(source.length - dataAt, (int) (seconds * RATE) * 2);
    int totalBytes = (int) (seconds * RATE) * 2;
    int lead = (totalBytes - speechBytes) / 2 / 2 * 2;
    ByteBuffer out = ByteBuffer.allocate(44 + totalBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes()).putInt(36 + totalBytes).put("WAVEfmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(totalBytes);
    out.position(44 + lead);
    out.put(source, dataAt, speechBytes);
    return out.array();
  }

  private static String contentType(String file) {
    String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase();
    return switch (extension) {
      case "wav" -> "audio/wav";
      case "mp3" -> "audio/mpeg";
      case "ogg", "opus" -> "audio/ogg";
      case "flac" -> "audio/flac";
      case "webm" -> "audio/webm";
      default -> throw new IllegalArgumentException("no content type known for ." + extension);
    };
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 12; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("no data chunk");
  }

  private static double percentile(List<Double> sorted, double q) {
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
  }

  /**
   * The process's user plus system CPU time so far (fields 14 and 15 of /proc/PID/stat, in 1/100 s);
   * {@code self} for this program's own.
   */
  private static long cpuMillis(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // USER_HZ is 100 on Linux
  }

  private static long rssMiB(String pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
