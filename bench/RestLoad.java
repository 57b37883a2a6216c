import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * compressed input. A JDK-only single-file program, run with the JDK's source launcher:
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
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String query = option(args, "--query", null);
    URI uri = URI.create(url + "/v1/transcriptions?model=" + model + (query == null ? "" : "&" + query));

    System.out.printf("%s, %s, %.0f s per level (after %.0f s warm-up)%n", model,
        file == null ? String.format("%.0f s clip", clipSeconds) : file + " (" + contentType + ")", seconds, warmup);
    System.out.println("| concurrency | requests | errors | throughput (req/s) | p50 ms | p90 ms | p99 ms | server CPU ms/request | server RSS after |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (String level : option(args, "--concurrency", "1,4,16,64").split(",")) {
      int clients = Integer.parseInt(level.strip());
      run(http, uri, wav, contentType, clients, warmup);
      long cpuBefore = pid == null ? 0 : cpuMillis(pid);
      Level measured = run(http, uri, wav, contentType, clients, seconds);
      String cpu = pid == null ? "-" : String.format("%.2f", (cpuMillis(pid) - cpuBefore) / (double) measured.requests());
      List<Double> sorted = new ArrayList<>(measured.millis());
      Collections.sort(sorted);
      System.out.printf("| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %s | %s |%n", clients, measured.requests(),
          measured.errors(), measured.requests() / measured.seconds(), percentile(sorted, 0.5),
          percentile(sorted, 0.9), percentile(sorted, 0.99), cpu, pid == null ? "-" : rssMiB(pid) + " MiB");
    }
  }

  private static Level run(HttpClient http, URI uri, byte[] wav, String contentType, int clients, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger errors = new AtomicInteger();
    List<Future<List<Double>>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        List<Double> millis = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build();
        while (System.nanoTime() < deadline) {
          long sent = System.nanoTime();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          millis.add((System.nanoTime() - sent) / 1e6);
          if (response.statusCode() != 200) {
            errors.incrementAndGet();
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

  /** The process's user plus system CPU time so far (fields 14 and 15 of /proc/PID/stat, in 1/100 s). */
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
