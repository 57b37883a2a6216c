package dev.zora.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StftTest {
  private static final LogMelSpec DIGITS_CNN =
      new LogMelSpec(8000, 256, 200, 80, 40, 20, 4000, 1e-6, Normalization.PER_UTTERANCE_MEAN);
  private static final LogMelSpec NOT_POWER_OF_TWO =
      new LogMelSpec(16000, 400, 400, 160, 40, 20, 8000, 1e-6, Normalization.NONE);

  private static float[] chirp(int n, int rate) {
    float[] x = new float[n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      x[i] =
          (float)
              (0.4 * Math.sin(2 * Math.PI * (200 + 1500 * t) * t) + 0.05 * random.nextGaussian());
    }
    return x;
  }

  @Test
  void everyFrameHasTheSpectrumOfItsOwnTransformForEvenAndOddFrameCounts() {
    for (LogMelSpec spec : new LogMelSpec[] {DIGITS_CNN, NOT_POWER_OF_TWO}) {
      for (int length :
          new int[] {
            spec.windowSamples(), spec.windowSamples() + spec.hopSamples(), spec.sampleRate() / 3
          }) {
        float[] x = chirp(length, spec.sampleRate());
        Stft.Spectrogram spectrogram = new Stft(spec).analyze(x);
        double[] power = new double[spectrogram.bins()];
        for (int t = 0; t < spectrogram.frames(); t++) {
          spectrogram.power(t, power);
          double[] expected = directPower(spec, x, t);
          for (int k = 0; k < power.length; k++) {
            assertEquals(
                expected[k],
                power[k],
                1e-9 * (1 + expected[k]),
                "frame " + t + " bin " + k + " of " + length);
          }
        }
      }
    }
  }

  /** |X[k]|^2 of frame t by the DFT's definition, the window as Stft documents it. */
  private static double[] directPower(LogMelSpec spec, float[] x, int t) {
    int n = spec.fftSize();
    double[] power = new double[n / 2 + 1];
    for (int k = 0; k < power.length; k++) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < spec.windowSamples(); i++) {
        int at = t * spec.hopSamples() + i;
        double sample =
            at < x.length
                ? x[at] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / spec.windowSamples()))
                : 0;
        re += sample * Math.cos(2 * Math.PI * k * i / n);
        im -= sample * Math.sin(2 * Math.PI * k * i / n);
      }
      power[k] = re * re + im * im;
    }
    return power;
  }

  @Test
  void anUneditedSpectrogramResynthesisesTheSamplesEveryFrameCovers() {
    for (LogMelSpec spec : new LogMelSpec[] {DIGITS_CNN, NOT_POWER_OF_TWO}) {
      float[] x = chirp(spec.sampleRate() / 2, spec.sampleRate());
      Stft stft = new Stft(spec);
      float[] y = stft.synthesize(stft.analyze(x), x.length);
      int frames = spec.frameCount(x.length);
      int covered = (frames - 1) * spec.hopSamples() + spec.windowSamples();
      double maxDiff = 0;
      // The window's first and last samples are ~0 (left out when inverting): check one hop in from
      // the ends.
      for (int i = spec.hopSamples(); i < covered - spec.hopSamples(); i++) {
        maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
      }
      assertTrue(maxDiff < 1e-5, "max difference " + maxDiff + " at nFft " + spec.fftSize());
      for (int i = covered; i < x.length; i++) {
        // Nothing beyond the last frame.
        assertEquals(0f, y[i]);
      }
    }
  }

  @Test
  void zeroGainsGiveSilenceAndTheFrontEndSeesTheSamePowerAsBefore() {
    float[] x = chirp(4000, 8000);
    Stft stft = new Stft(DIGITS_CNN);
    Stft.Spectrogram s = stft.analyze(x);
    float[] silent = stft.synthesize(s.scaled(new double[s.frames() * s.bins()]), x.length);
    for (float v : silent) {
      assertEquals(0f, v);
    }
    LogMelFeatures direct = new LogMelExtractor(DIGITS_CNN).extract(x);
    assertEquals(s.frames(), direct.frames());
  }
}
