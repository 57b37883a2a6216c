package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resampler's quality from the rates clients send down to the models' 8 kHz: pass-band ripple
 * (tones up to 3 kHz keep their level), stop-band attenuation (tones from 4.8 kHz up to the
 * source's Nyquist frequency, which 8 kHz cannot hold, are removed rather than aliased), and
 * agreement with sox's resampler on real speech (a golden FSDD clip brought up to the source rate
 * by sox). The transition band is the recipe's filter's, which the training data went through too:
 * -0.3 dB at 3.5 kHz, -4 dB at 3.9 kHz, -43 dB at 4.6 kHz, -55 dB from 4.8 kHz.
 */
class ResamplerQualityTest {
  private static final int TO = 8000;

  @ParameterizedTest(name = "from {0} Hz")
  @ValueSource(ints = {16000, 22050, 32000, 44100, 48000, 96000})
  void tonesInThePassBandKeepTheirLevelWithinATenthOfADecibel(int from) {
    for (double hz = 100; hz <= 3000; hz += 145) {
      double gainDb = 20 * Math.log10(rms(resampled(tone(hz, from), from)) / (0.5 / Math.sqrt(2)));
      assertTrue(Math.abs(gainDb) < 0.1, hz + " Hz from " + from + " Hz: " + gainDb + " dB");
    }
  }

  @ParameterizedTest(name = "from {0} Hz")
  @ValueSource(ints = {16000, 22050, 32000, 44100, 48000, 96000})
  void tonesFrom4800HzUpAreAttenuatedByAtLeast50Decibels(int from) {
    for (double hz = 4800; hz < from / 2.0 - 100; hz += 733) {
      double gainDb = 20 * Math.log10(rms(resampled(tone(hz, from), from)) / (0.5 / Math.sqrt(2)));
      assertTrue(gainDb < -50, hz + " Hz from " + from + " Hz leaks at " + gainDb + " dB");
    }
  }

  @ParameterizedTest(name = "from {0} Hz")
  @ValueSource(ints = {16000, 44100, 48000})
  void realSpeechComesOutAsSoxResamplesIt(int from, @TempDir Path dir) throws Exception {
    assumeTrue(Commands.succeeds("sox", "--version"), "sox is not installed");
    Path original = Path.of("models/digits-cnn/golden/fsdd-zero-george.wav");
    Path up = dir.resolve("up.wav");
    Path down = dir.resolve("down.wav");
    assumeTrue(
        Commands.succeeds("sox", original.toString(), "-r", Integer.toString(from), up.toString()));
    assumeTrue(
        Commands.succeeds("sox", up.toString(), "-r", Integer.toString(TO), down.toString()));
    PcmAudio source = new WavDecoder().decode(Files.readAllBytes(up));
    float[] ours = new AudioResampler().resample(source, TO).samples();
    float[] sox = new WavDecoder().decode(Files.readAllBytes(down)).samples();
    double correlation = correlation(ours, sox);
    assertTrue(correlation > 0.999, "correlation with sox " + correlation);
  }

  private static float[] tone(double hz, int rate) {
    float[] x = new float[rate];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  private static float[] resampled(float[] x, int from) {
    return new AudioResampler().resample(new PcmAudio(x, from), TO).samples();
  }

  /**
   * RMS of the middle half, away from the edges where the filter meets the silence around the clip.
   */
  private static double rms(float[] x) {
    double sum = 0;
    int from = x.length / 4;
    int to = x.length - x.length / 4;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  private static double correlation(float[] a, float[] b) {
    int n = Math.min(a.length, b.length);
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
