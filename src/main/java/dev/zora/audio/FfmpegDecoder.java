package dev.zora.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes any container ffmpeg knows (MP3, OGG/Opus, FLAC, WebM, ...) by running an {@code ffmpeg}
 * process that writes mono 32-bit float WAV, which {@link WavDecoder} then reads. The input goes
 * through a temporary file rather than stdin because several containers (MP4, some WebM) need a
 * seekable input.
 */
public final class FfmpegDecoder {
  private static final int MAX_ERROR_CHARS = 300;

  private final String executable;
  private final Duration timeout;
  private final boolean available;
  private final WavDecoder wav = new WavDecoder();

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
   * Decodes to mono float samples at the input's own rate, at most {@code maxSeconds} long plus one
   * second, so that an over-long input is still recognised as too long without decoding all of it.
   */
  public PcmAudio decode(byte[] bytes, double maxSeconds) {
    if (!available) {
      throw new UnsupportedAudioException(
          "this audio is not a PCM WAV file, and decoding other formats (MP3, OGG/Opus, FLAC, WebM) "
              + "needs ffmpeg, which is not installed on the server");
    }
    Path input = null;
    Path errors = null;
    try {
      input = Files.createTempFile("zora-ffmpeg-in", ".bin");
      errors = Files.createTempFile("zora-ffmpeg-err", ".txt");
      Files.write(input, bytes);
      Process process = new ProcessBuilder(List.of(
              executable, "-hide_banner", "-nostdin", "-loglevel", "error",
              "-i", input.toString(),
              "-t", Double.toString(maxSeconds + 1),
              "-vn", "-ac", "1", "-c:a", "pcm_f32le", "-f", "wav", "pipe:1"))
          .redirectError(errors.toFile())
          .start();
      byte[] wavBytes;
      try (InputStream out = process.getInputStream()) {
        wavBytes = readWithDeadline(process, out);
      }
      int exit = process.exitValue();
      if (exit != 0 || !wav.looksLikeWav(wavBytes)) {
        // ffmpeg names the temporary input file; the client knows it only as "the upload".
        String reason = firstLine(Files.readString(errors, StandardCharsets.UTF_8), exit)
            .replace(input.toString(), "upload");
        throw new UnsupportedAudioException("ffmpeg could not decode the audio: " + reason);
      }
      return wav.decode(wavBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("running ffmpeg failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(input);
      deleteQuietly(errors);
    }
  }

  private byte[] readWithDeadline(Process process, InputStream out) throws IOException {
    // The reader blocks until ffmpeg closes stdout; a watchdog kills a hung ffmpeg so it does.
    Thread watchdog = new Thread(() -> {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }, "zora-ffmpeg-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    byte[] bytes = out.readAllBytes();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for ffmpeg", e);
    }
    watchdog.interrupt();
    return bytes;
  }

  private static String firstLine(String stderr, int exit) {
    String line = stderr.strip().lines().findFirst().orElse("exit code " + exit);
    return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "..." : line;
  }

  private static boolean probe(String executable) {
    try {
      Process process = new ProcessBuilder(executable, "-version")
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
