package dev.zora.frontend;

import java.util.Arrays;

/**
 * The short-time Fourier transform of the front end (periodic Hann window of {@code winLength},
 * {@code hopLength} apart, no centre padding, zero-padded to {@code nFft}), and its inverse by
 * weighted overlap-add, so a spectrogram edited bin by bin can be listened to.
 */
public final class Stft {
  private static final double MIN_WINDOW_WEIGHT = 1e-4;

  private final LogMelSpec spec;
  private final double[] window;
  private final Dft dft;

  public Stft(LogMelSpec spec) {
    this.spec = spec;
    this.window = new double[spec.windowSamples()];
    for (int n = 0; n < window.length; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / spec.windowSamples());
    }
    this.dft = new Dft(spec.fftSize());
  }

  /** Bins per frame: {@code nFft / 2 + 1}. */
  public int bins() {
    return spec.fftSize() / 2 + 1;
  }

  /**
   * The complex spectrum of every frame of {@code samples} (at the spec's rate). Frames are real,
   * so two go through one complex transform, one as its real part and the next as its imaginary
   * part, and are told apart by the symmetry of real spectra: half the transforms, the same
   * spectra.
   */
  public Spectrogram analyze(float[] samples) {
    int frames = spec.frameCount(samples.length);
    int bins = bins();
    int n = dft.size();
    double[] re = new double[frames * bins];
    double[] im = new double[frames * bins];
    double[] zRe = new double[n];
    double[] zIm = new double[n];
    for (int t = 0; t < frames; t += 2) {
      windowedFrame(samples, t, zRe);
      if (t + 1 < frames) {
        windowedFrame(samples, t + 1, zIm);
      } else {
        Arrays.fill(zIm, 0);
      }
      dft.transform(zRe, zIm, false);
      for (int k = 0; k < bins; k++) {
        int mirror = (n - k) % n;
        // Z = X + iY for real frames x, y: X[k] = (Z[k] + conj Z[n-k]) / 2, Y[k] = (Z[k] - conj
        // Z[n-k]) / 2i.
        re[t * bins + k] = 0.5 * (zRe[k] + zRe[mirror]);
        im[t * bins + k] = 0.5 * (zIm[k] - zIm[mirror]);
        if (t + 1 < frames) {
          re[(t + 1) * bins + k] = 0.5 * (zIm[k] + zIm[mirror]);
          im[(t + 1) * bins + k] = -0.5 * (zRe[k] - zRe[mirror]);
        }
      }
    }
    return new Spectrogram(frames, bins, re, im);
  }

  /**
   * Frame {@code t} times the window, zero-padded to the transform size (short inputs at the end
   * too).
   */
  private void windowedFrame(float[] samples, int t, double[] frame) {
    Arrays.fill(frame, 0);
    int offset = t * spec.hopSamples();
    for (int i = 0; i < window.length; i++) {
      int at = offset + i;
      frame[i] = at < samples.length ? samples[at] * window[i] : 0;
    }
  }

  /**
   * Audio whose frames have the given spectra: each frame's inverse transform, windowed again and
   * overlap-added, divided by the summed squared window. An unedited spectrogram gives back the
   * analysed samples wherever a frame covered them. Samples no frame covers, or covers only with a
   * window weight under 1e-4 (the first sample; the last of the last frame), are zero: dividing by
   * such a weight would blow an edited frame up into a click.
   *
   * @param samples the length of the audio to return
   */
  public float[] synthesize(Spectrogram spectrogram, int samples) {
    int n = dft.size();
    int bins = spectrogram.bins();
    double[] sum = new double[samples];
    double[] norm = new double[samples];
    double[] frameRe = new double[n];
    double[] frameIm = new double[n];
    for (int t = 0; t < spectrogram.frames(); t++) {
      for (int k = 0; k < bins; k++) {
        frameRe[k] = spectrogram.re[t * bins + k];
        frameIm[k] = spectrogram.im[t * bins + k];
      }
      // The rest of the spectrum is the conjugate mirror of the first half: the signal is real.
      for (int k = bins; k < n; k++) {
        frameRe[k] = frameRe[n - k];
        frameIm[k] = -frameIm[n - k];
      }
      dft.transform(frameRe, frameIm, true);
      int offset = t * spec.hopSamples();
      for (int i = 0; i < window.length && offset + i < samples; i++) {
        sum[offset + i] += frameRe[i] * window[i];
        norm[offset + i] += window[i] * window[i];
      }
    }
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = norm[i] > MIN_WINDOW_WEIGHT * MIN_WINDOW_WEIGHT ? (float) (sum[i] / norm[i]) : 0f;
    }
    return out;
  }

  /** Complex spectra, row-major {@code [frames][bins]}. */
  public static final class Spectrogram {
    private final int frames;
    private final int bins;
    private final double[] re;
    private final double[] im;

    private Spectrogram(int frames, int bins, double[] re, double[] im) {
      this.frames = frames;
      this.bins = bins;
      this.re = re;
      this.im = im;
    }

    public int frames() {
      return frames;
    }

    public int bins() {
      return bins;
    }

    /** Writes {@code |X[t, k]|^2} of frame {@code t} into {@code power}. */
    public void power(int t, double[] power) {
      for (int k = 0; k < bins; k++) {
        double r = re[t * bins + k];
        double i = im[t * bins + k];
        power[k] = r * r + i * i;
      }
    }

    /**
     * This spectrogram with every bin scaled by a gain, row-major {@code [frames][bins]}: phase
     * kept.
     */
    public Spectrogram scaled(double[] gains) {
      if (gains.length != re.length) {
        throw new IllegalArgumentException(
            "gains has " + gains.length + " values, expected frames*bins = " + frames + "*" + bins);
      }
      double[] scaledRe = new double[re.length];
      double[] scaledIm = new double[im.length];
      for (int i = 0; i < re.length; i++) {
        scaledRe[i] = re[i] * gains[i];
        scaledIm[i] = im[i] * gains[i];
      }
      return new Spectrogram(frames, bins, scaledRe, scaledIm);
    }
  }
}
