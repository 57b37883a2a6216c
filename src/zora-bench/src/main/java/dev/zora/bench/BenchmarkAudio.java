package dev.zora.bench;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The speech the benchmarks feed: real recordings, so that no stage sees an easy synthetic signal.
 */
final class BenchmarkAudio {
  /** The rate of every shipped bundle. */
  static final int RATE = 8000;

  private BenchmarkAudio() {}

  /**
   * One second at 8 kHz: digits-cnn's golden FSDD "zero" (0.53 s) followed by the start of its
   * golden room tone, one word and the quiet after it, as a one-second upload holds.
   */
  static float[] oneSecond() {
    float[] word = decode(Golden.DIGITS_CNN.resolve("golden/fsdd-zero-george.wav"));
    float[] room = decode(Golden.DIGITS_CNN.resolve("golden/room-tone.wav"));
    float[] second = Arrays.copyOf(word, RATE);
    System.arraycopy(room, 0, second, word.length, RATE - word.length);
    return second;
  }

  /** {@code seconds} of audio at 8 kHz: the one-second clip, repeated. */
  static float[] seconds(int seconds) {
    float[] second = oneSecond();
    float[] out = new float[seconds * RATE];
    for (int i = 0; i < seconds; i++) {
      System.arraycopy(second, 0, out, i * RATE, RATE);
    }
    return out;
  }

  private static float[] decode(Path wav) {
    PcmAudio audio;
    try {
      audio = new WavDecoder().decode(Files.readAllBytes(wav));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A retrained bundle could ship goldens at another rate; the benchmarks' lengths assume 8 kHz.
    if (audio.sampleRate() != RATE || audio.durationSeconds() > 1) {
      throw new IllegalStateException(
          wav + " is " + audio + ", expected at most one second at " + RATE + " Hz");
    }
    return audio.samples();
  }
}
