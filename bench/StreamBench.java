import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Plays N live streams at real-time pace into a running Zora's /v1/stream and reports what a user
 * waits for: the time from the end of each utterance (the {@code end} of its final, where the
 * server's VAD heard the speech stop) to the arrival of its final, and the time between partials.
 *
 * <p>Each stream is its own recording: strings of 1-4 held-out FSDD digits (one speaker, 0.05-0.3 s
 * apart), 1.2-2.5 s pauses, light noise, 8 kHz 16-bit, sent in 20 ms frames as a microphone would
 * deliver them (a frame leaves once it has been "recorded"). Streams start at random moments within
 * the first second. A JDK-only single-file program, run with the JDK's source launcher:
 *
 * <pre>
 *   java bench/StreamBench.java [--url ws://localhost:8080/v1/stream] [--model digits-ctc]
 *       [--streams 16] [--seconds 30] [--fsdd ../shared/data/fsdd/recordings] [--seed 1]
 *       [--rate 48000] [--push-to-talk] [--vad silero|energy]
 * </pre>
 *
 * <p>{@code --rate} sends the recording at that rate instead of 8 kHz (brought up by linear
 * interpolation, declared in the start message), as a browser microphone at 44.1 or 48 kHz does:
 * the server then resamples every stream.
 */
public final class StreamBench {
  /** The speech detector the streams ask for ({@code --vad silero|energy}); null for the server's default. */
  private static String vad;
  private static final int RATE = 8000;
  private static final Pattern HELD_OUT = Pattern.compile("(\\d)_([a-z]+)_([5-9])\\.wav");
  private static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z_]+)\"");
  private static final Pattern TEXT = Pattern.compile("\"text\":\"([^\"]*)\"");
  private static final Pattern START = Pattern.compile("\"start\":([-0-9.Ee]+)");
  private static final Pattern END = Pattern.compile("\"end\":([-0-9.Ee]+)");
  record Clip(String speaker, String word, short[] samples) {}

  /** @param stringEnds where the last digit of each string ends, in samples */
  record Recording(short[] samples, List<String> words, List<Integer> stringEnds) {
    /** The same recording at {@code rate} (linear interpolation from 8 kHz), its string ends moved along. */
    Recording at(int rate) {
      if (rate == RATE) {
        return this;
      }
      double step = RATE / (double) rate;
      short[] out = new short[(int) ((long) samples.length * rate / RATE)];
      for (int i = 0; i < out.length; i++) {
        double t = i * step;
        int j = (int) t;
        double f = t - j;
        int next = Math.min(samples.length - 1, j + 1);
        out[i] = (short) Math.round(samples[j] * (1 - f) + samples[next] * f);
      }
      return new Recording(out, words, stringEnds.stream().map(e -> (int) ((long) e * rate / RATE)).toList());
    }
  }

  /** What one stream measured. */
  static final class Result {
    final List<Double> finalLatencies = new ArrayList<>();
    final List<Double> partialIntervals = new ArrayList<>();
    int partials;
    int retractions;
    int unflushedFinals;
    int finals;
    final List<String> heard = new ArrayList<>();
    List<String> said = List.of();
    String failure;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI url = URI.create(options.getOrDefault("url", "ws://localhost:8080/v1/stream"));
    String model = options.getOrDefault("model", "digits-ctc");
    int streams = Integer.parseInt(options.getOrDefault("streams", "16"));
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "30"));
    Path fsdd = Path.of(options.getOrDefault("fsdd", "../shared/data/fsdd/recordings"));
    long seed = Long.parseLong(options.getOrDefault("seed", "1"));
    boolean pushToTalk = options.containsKey("push-to-talk");
    int rate = Integer.parseInt(options.getOrDefault("rate", Integer.toString(RATE)));
    vad = options.get("vad");

    List<Clip> clips = heldOutClips(fsdd);
    HttpClient http = HttpClient.newHttpClient();
    List<Thread> threads = new ArrayList<>();
    List<Result> results = Collections.synchronizedList(new ArrayList<>());
    double[] load = new double[2];
    load[0] = loadAverage();
    long wallStart = System.nanoTime();
    for (int s = 0; s < streams; s++) {
      Random random = new Random(seed * 1000 + s);
      Recording recording = build(clips, random, seconds).at(rate);
      long delayMillis = random.nextInt(1000);
      Thread thread = new Thread(() -> results.add(play(http, url, model, recording, rate, delayMillis, pushToTalk)));
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    load[1] = loadAverage();
    report(model, streams, seconds, pushToTalk, results, load, (System.nanoTime() - wallStart) / 1e9);
  }

  private static Result play(HttpClient http, URI url, String model, Recording recording, int rate,
      long delayMillis, boolean pushToTalk) {
    int frameSamples = rate / 50; // 20 ms
    int releaseSamples = rate / 10; // a push-to-talk client flushes 0.1 s after the last digit of a string
    Result result = new Result();
    result.said = recording.words();
    try {
      Thread.sleep(delayMillis);
      Session session = new Session();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(url, session).join();
      socket.sendText("{\"type\":\"start\",\"model\":\"" + model + "\",\"sampleRate\":" + rate
          + ",\"encoding\":\"pcm_s16le\",\"channels\":1,\"interimResults\":true"
          + (vad == null ? "" : ",\"vad\":\"" + vad + "\"") + "}", true).join();
      session.t0 = System.nanoTime();
      short[] samples = recording.samples();
      Iterator<Integer> releases = recording.stringEnds().stream().map(end -> end + releaseSamples).iterator();
      int nextRelease = pushToTalk && releases.hasNext() ? releases.next() : Integer.MAX_VALUE;
      for (int at = 0, k = 1; at < samples.length; at += frameSamples, k++) {
        byte[] bytes = new byte[2 * (Math.min(samples.length, at + frameSamples) - at)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples, at, bytes.length / 2);
        // Sent as a big-endian (default) buffer: the JDK client masks the payload a long at a time in
        // the buffer's byte order, so a little-endian buffer goes out garbled (seen on JDK 17).
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        long due = session.t0 + k * 20_000_000L; // the frame has been recorded
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        socket.sendBinary(frame, true).join();
        if (at + frameSamples >= nextRelease) {
          session.flushed(System.nanoTime());
          socket.sendText("{\"type\":\"flush\"}", true).join();
          nextRelease = releases.hasNext() ? releases.next() : Integer.MAX_VALUE;
        }
      }
      socket.sendText("{\"type\":\"stop\"}", true).join();
      session.closed.get(120, TimeUnit.SECONDS);
      session.collect(result);
    } catch (Exception e) {
      result.failure = e.toString();
    }
    return result;
  }

  /** The server's messages for one stream, with their arrival times. */
  private static final class Session implements WebSocket.Listener {
    volatile long t0;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final List<long[]> times = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<Long> flushes = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    synchronized void flushed(long at) {
      flushes.add(at);
    }

    /** The index of the last flush sent before {@code at}, or -1. */
    private int lastFlushBefore(long at) {
      int last = -1;
      for (int i = 0; i < flushes.size() && flushes.get(i) <= at; i++) {
        last = i;
      }
      return last;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        synchronized (this) {
          times.add(new long[] {System.nanoTime()});
          messages.add(text.toString());
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    synchronized void collect(Result result) {
      long lastPartial = -1;
      int pairedFlush = -1;
      List<String> shown = List.of();
      for (int i = 0; i < messages.size(); i++) {
        String message = messages.get(i);
        long at = times.get(i)[0];
        String type = find(TYPE, message);
        switch (type) {
          case "partial" -> {
            result.partials++;
            if (lastPartial >= 0) {
              result.partialIntervals.add((at - lastPartial) / 1e6);
            }
            lastPartial = at;
            List<String> words = words(find(TEXT, message));
            if (words.size() < shown.size() || !words.subList(0, shown.size()).equals(shown)) {
              result.retractions++;
            }
            shown = words;
          }
          case "final" -> {
            result.finals++;
            int flush = lastFlushBefore(at);
            if (flushes.isEmpty()) {
              double end = Double.parseDouble(find(END, message));
              result.finalLatencies.add((at - t0) / 1e6 - end * 1000);
            } else if (flush > pairedFlush) {
              result.finalLatencies.add((at - flushes.get(flush)) / 1e6);
              pairedFlush = flush;
            } else {
              // The VAD ended this utterance inside a string (its clips' own silences made a long
              // enough pause) before any flush: not an answer to a flush.
              result.unflushedFinals++;
            }
            result.heard.addAll(words(find(TEXT, message)));
            lastPartial = -1;
            shown = List.of();
          }
          case "error" -> result.failure = message;
          default -> { }
        }
      }
    }
  }

  private static void report(String model, int streams, double seconds, boolean pushToTalk, List<Result> results,
      double[] load, double wallSeconds) {
    List<Double> latencies = new ArrayList<>();
    List<Double> intervals = new ArrayList<>();
    int partials = 0;
    int retractions = 0;
    int finals = 0;
    int unflushed = 0;
    int words = 0;
    int errors = 0;
    int failed = 0;
    for (Result r : results) {
      if (r.failure != null) {
        failed++;
        System.err.println("stream failed: " + r.failure);
      }
      latencies.addAll(r.finalLatencies);
      intervals.addAll(r.partialIntervals);
      partials += r.partials;
      retractions += r.retractions;
      finals += r.finals;
      unflushed += r.unflushedFinals;
      words += r.said.size();
      errors += editDistance(r.said, r.heard);
    }
    System.out.printf("model %s, %d streams x %.0f s at real-time pace, %.0f s wall, load average %.1f -> %.1f%n",
        model, streams, seconds, wallSeconds, load[0], load[1]);
    System.out.printf("| streams | finals | %s -> final, p50 / p95 (ms) | partial interval p50 / p95 (ms)"
        + " | partials retracting a word | WER | failed streams |%n", pushToTalk ? "flush" : "end of utterance");
    System.out.printf("| %d | %s | %.0f / %.0f | %.0f / %.0f | %.1f %% (%d of %d) | %.1f %% | %d |%n", streams,
        pushToTalk ? finals + " (" + unflushed + " ended by the VAD before a flush)" : String.valueOf(finals),
        percentile(latencies, 50), percentile(latencies, 95), percentile(intervals, 50), percentile(intervals, 95),
        100.0 * retractions / Math.max(1, partials), retractions, partials, 100.0 * errors / Math.max(1, words), failed);
  }

  private static Recording build(List<Clip> clips, Random random, double seconds) {
    List<String> speakers = clips.stream().map(Clip::speaker).distinct().sorted().toList();
    short[] audio = new short[(int) (seconds * RATE)];
    List<String> words = new ArrayList<>();
    List<Integer> stringEnds = new ArrayList<>();
    int at = (int) ((0.5 + random.nextDouble()) * RATE);
    while (true) {
      String speaker = speakers.get(random.nextInt(speakers.size()));
      List<Clip> own = clips.stream().filter(c -> c.speaker().equals(speaker)).toList();
      List<Clip> string = new ArrayList<>();
      int length = 0;
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        Clip clip = own.get(random.nextInt(own.size()));
        string.add(clip);
        length += clip.samples().length + (int) ((0.05 + 0.25 * random.nextDouble()) * RATE);
      }
      int pause = (int) ((1.2 + 1.3 * random.nextDouble()) * RATE);
      if (at + length + pause > audio.length) {
        break;
      }
      int end = at;
      for (Clip clip : string) {
        System.arraycopy(clip.samples(), 0, audio, at, clip.samples().length);
        end = at + clip.samples().length;
        at += clip.samples().length + (int) ((0.05 + 0.25 * random.nextDouble()) * RATE);
        words.add(clip.word());
      }
      stringEnds.add(end);
      at += pause;
    }
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (short) Math.max(-32768, Math.min(32767, audio[i] + Math.round(60 * random.nextGaussian())));
    }
    return new Recording(audio, words, stringEnds);
  }

  private static List<Clip> heldOutClips(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("no FSDD recordings at " + folder.toAbsolutePath() + "; pass --fsdd DIR");
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Clip> clips = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        Matcher m = HELD_OUT.matcher(file.getFileName().toString());
        if (m.matches()) {
          clips.add(new Clip(m.group(2), DIGITS[Integer.parseInt(m.group(1))], pcm16(Files.readAllBytes(file))));
        }
      }
      return clips;
    }
  }

  /** The samples of an 8 kHz 16-bit mono WAV file. */
  private static short[] pcm16(byte[] wav) {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    in.position(12);
    while (in.remaining() >= 8) {
      String id = new String(wav, in.position(), 4, java.nio.charset.StandardCharsets.US_ASCII);
      in.position(in.position() + 4);
      int size = in.getInt();
      if (id.equals("fmt ")) {
        int start = in.position();
        in.getShort();
        int channels = in.getShort();
        int rate = in.getInt();
        in.position(start + 14);
        int bits = in.getShort();
        if (channels != 1 || rate != RATE || bits != 16) {
          throw new IllegalArgumentException("expected 8 kHz 16-bit mono, got " + channels + " ch " + rate + " Hz " + bits);
        }
        in.position(start + size);
      } else if (id.equals("data")) {
        short[] samples = new short[Math.min(size, in.remaining()) / 2];
        in.asShortBuffer().get(samples);
        return samples;
      } else {
        in.position(in.position() + size + (size & 1));
      }
    }
    throw new IllegalArgumentException("no data chunk");
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
  }

  private static String find(Pattern pattern, String message) {
    Matcher m = pattern.matcher(message);
    return m.find() ? m.group(1) : "";
  }

  private static int editDistance(List<String> reference, List<String> hypothesis) {
    int[] row = new int[hypothesis.size() + 1];
    for (int j = 0; j < row.length; j++) {
      row[j] = j;
    }
    for (int i = 1; i <= reference.size(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= hypothesis.size(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
            diagonal + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[hypothesis.size()];
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name [value], got " + args[i]);
      }
      boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
      options.put(args[i].substring(2), flag ? "" : args[++i]);
    }
    return options;
  }
}
