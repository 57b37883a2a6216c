package dev.zora.frontend;

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

  /** The complex spectrum of every frame of {@code samples} (at the spec's rate). */
  public Spectrogram analyze(float[] samples) {
    FramePairs pairs = transformedPairs(samples);
    int frames = pairs.frames();
    int bins = bins();
    double[] re = new double[frames * bins];
    double[] im = new double[frames * bins];
    for (int k = 0; k < bins; k++) {
      int bin = k;
      pairs.unpack(
          bin,
          (t, r, i) -> {
            re[t * bins + bin] = r;
            im[t * bins + bin] = i;
          });
    }
    return new Spectrogram(frames, bins, re, im);
  }

  /**
   * {@code |X[t, k]|^2} of every frame, by bin: {@code [bins][frames]}, the same values as {@link
   * Spectrogram#power} of {@link #analyze}, laid out for sums over frames the JIT vectorises.
   */
  double[][] powerByBin(float[] samples) {
    FramePairs pairs = transformedPairs(samples);
    double[][] power = new double[bins()][pairs.frames()];
    for (int k = 0; k < power.length; k++) {
      double[] row = power[k];
      pairs.unpack(k, (t, r, i) -> row[t] = r * r + i * i);
    }
    return power;
  }

  /**
   * Frames are real, so two go through one complex transform, one as its real part and the next as
   * its imaginary part, and are told apart by the symmetry of real spectra: {@code Z = X + iY} for
   * real frames x, y gives {@code X[k] = (Z[k] + conj Z[n-k]) / 2} and {@code Y[k] = (Z[k] - conj
   * Z[n-k]) / 2i}. Half the transforms, the same spectra; every pair is one column of one {@link
   * Dft#transform}.
   */
  private FramePairs transformedPairs(float[] samples) {
    int frames = spec.frameCount(samples.length);
    int n = dft.size();
    int pairs = (frames + 1) / 2;
    double[][] re = new double[n][pairs];
    double[][] im = new double[n][pairs];
    int hop = spec.hopSamples();
    for (int i = 0; i < window.length; i++) { // rows past the window stay zero: the padding to n
      double weight = window[i];
      double[] even = re[i];
      double[] odd = im[i];
      // Frames whose sample i is in the input; past the end they stay zero (the last frames of a
      // short input are zero-padded).
      int within = i < samples.length ? Math.min(frames, (samples.length - 1 - i) / hop + 1) : 0;
      for (int t = 0, at = i; t < within; t++, at += hop) {
        if (t % 2 == 0) {
          even[t >> 1] = samples[at] * weight;
        } else {
          odd[t >> 1] = samples[at] * weight;
        }
      }
    }
    dft.transform(re, im, pairs, false);
    return new FramePairs(re, im, frames, n);
  }

  /** Transformed frame pairs, column {@code p} holding frames {@code 2p} and {@code 2p + 1}. */
  private record FramePairs(double[][] re, double[][] im, int frames, int n) {
    /** Hands on bin {@code k} of every frame, told apart from its pair (see above). */
    void unpack(int k, BinValue to) {
      double[] zr = re[k];
      double[] zi = im[k];
      double[] mirrorRe = re[(n - k) % n];
      double[] mirrorIm = im[(n - k) % n];
      for (int t = 0; t < frames; t += 2) {
        int p = t / 2;
        to.accept(t, 0.5 * (zr[p] + mirrorRe[p]), 0.5 * (zi[p] - mirrorIm[p]));
        if (t + 1 < frames) {
          to.accept(t + 1, 0.5 * (zi[p] + mirrorIm[p]), -0.5 * (zr[p] - mirrorRe[p]));
        }
      }
    }
  }

  /** Where the value of one bin of frame {@code t} goes. */
  @FunctionalInterface
  private interface BinValue {
    void accept(int t, double re, double im);
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
    int frames = spectrogram.frames();
    double[][] frameRe = new double[n][frames];
    double[][] frameIm = new double[n][frames];
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < bins; k++) {
        frameRe[k][t] = spectrogram.re[t * bins + k];
        frameIm[k][t] = spectrogram.im[t * bins + k];
      }
      // The rest of the spectrum is the conjugate mirror of the first half: the signal is real.
      for (int k = bins; k < n; k++) {
        frameRe[k][t] = frameRe[n - k][t];
        frameIm[k][t] = -frameIm[n - k][t];
      }
    }
    dft.transform(frameRe, frameIm, frames, true);
    double[] sum = new double[samples];
    double[] norm = new double[samples];
    for (int t = 0; t < frames; t++) {
      int offset = t * spec.hopSamples();
      for (int i = 0; i < window.length && offset + i < samples; i++) {
        sum[offset + i] += frameRe[i][t] * window[i];
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
