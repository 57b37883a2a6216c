package dev.zora.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes any container ffmpeg knows (MP3, OGG/Opus, FLAC, WebM, ...) by running an {@code ffmpeg}
 * process that writes mono 32-bit float samples at the rate the caller asks for. The input goes
 * through a temporary file rather than stdin because several containers (MP4, some WebM) need a
 * seekable input.
 */
public final class FfmpegDecoder {
  private static final int MAX_ERROR_CHARS = 300;

  private final String executable;
  private final Duration timeout;
  private final boolean available;

  /**
   * @param executable the ffmpeg command, a name looked up on PATH or an absolute path
   * @param timeout the longest one decode may take before the process is killed
   */
  public FfmpegDecoder(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
    this.available = probe(executable);
  }

  /** True when the ffmpeg executable ran ({@code ffmpeg -version}) when this decoder was made. */
  public boolean isAvailable() {
    return available;
  }

  /**
   * Decodes to mono float samples at {@code sampleRate} (ffmpeg resamples), handed to {@code sink}
   * as ffmpeg produces them, at most {@code maxSeconds} long plus one second, so that an over-long
   * input is still recognised as too long without decoding all of it.
   */
  public void decode(byte[] bytes, double maxSeconds, int sampleRate, PcmSink sink) {
    if (!available) {
      throw new UnsupportedAudioException(
          "this audio is not WAV, MP3 or Ogg/Opus, and decoding other formats (FLAC, Ogg/Vorbis, WebM, M4A) "
              + "needs ffmpeg, which is not installed on the server");
    }
    Path input = null;
    Path errors = null;
    Process process = null;
    try {
      input = Files.createTempFile("zora-ffmpeg-in", ".bin");
      errors = Files.createTempFile("zora-ffmpeg-err", ".txt");
      Files.write(input, bytes);
      process =
          new ProcessBuilder(
                  List.of(
                      executable,
                      "-hide_banner",
                      "-nostdin",
                      "-loglevel",
                      "error",
                      "-i",
                      input.toString(),
                      "-t",
                      Double.toString(maxSeconds + 1),
                      "-vn",
                      "-ac",
                      "1",
                      "-ar",
                      Integer.toString(sampleRate),
                      "-c:a",
                      "pcm_f32le",
                      "-f",
                      "f32le",
                      "pipe:1"))
              .redirectError(errors.toFile())
              .start();
      Thread watchdog = startWatchdog(process);
      long samples;
      try (InputStream out = process.getInputStream()) {
        sink.start(sampleRate);
        samples = pipeSamples(out, sink);
        process.waitFor();
      } finally {
        watchdog.interrupt();
      }
      int exit = process.exitValue();
      if (exit != 0) {
        // ffmpeg names the temporary input file; the client knows it only as "the upload".
        String reason =
            firstLine(Files.readString(errors, StandardCharsets.UTF_8), exit)
                .replace(input.toString(), "upload");
        throw new UnsupportedAudioException("ffmpeg could not decode the audio: " + reason);
      }
      if (samples == 0) {
        throw new UnusableAudioException("the file holds no audio samples");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("running ffmpeg failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while waiting for ffmpeg", e));
    } finally {
      if (process != null) {
        process
            .destroyForcibly(); // a no-op after a normal exit; stops ffmpeg when the sink gave up
      }
      deleteQuietly(input);
      deleteQuietly(errors);
    }
  }

  /** Reads little-endian float32 samples until ffmpeg closes its output; returns how many. */
  private static long pipeSamples(InputStream out, PcmSink sink) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int held = 0;
    long samples = 0;
    for (int n; (n = out.read(buffer, held, buffer.length - held)) >= 0; ) {
      held += n;
      int whole = held / Float.BYTES;
      if (whole == 0) {
        continue;
      }
      float[] piece = new float[whole];
      ByteBuffer.wrap(buffer, 0, whole * Float.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(piece);
      sink.accept(piece);
      samples += whole;
      held -= whole * Float.BYTES;
      System.arraycopy(buffer, whole * Float.BYTES, buffer, 0, held);
    }
    return samples;
  }

  /** Kills a hung ffmpeg after the timeout, so the reader blocked on its output is released. */
  private Thread startWatchdog(Process process) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the decode finished first
              }
            },
            "zora-ffmpeg-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  private static String firstLine(String stderr, int exit) {
    String line = stderr.strip().lines().findFirst().orElse("exit code " + exit);
    return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "..." : line;
  }

  private static boolean probe(String executable) {
    try {
      Process process =
          new ProcessBuilder(executable, "-version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false; // not on PATH: the caller reports "ffmpeg is not installed" per request
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temp file is harmless and the decode result matters more than its cleanup.
      System.getLogger(FfmpegDecoder.class.getName())
          .log(System.Logger.Level.WARNING, "could not delete " + path + ": " + e.getMessage());
    }
  }
}
