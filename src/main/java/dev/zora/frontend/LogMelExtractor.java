package dev.zora.frontend;

import java.util.Arrays;

/**
 * The log-mel front end as a pure function: mono samples in [-1, 1] at the spec's rate in, a
 * {@code [frames][melBins]} matrix out. It follows models/README.md step by step (periodic Hann
 * window, no centre padding, power spectrum, HTK-mel triangles without area normalisation, natural
 * log with an offset, optional per-utterance mean removal), computing in double precision like the
 * recipe's numpy reference. Thread-safe: all state is fixed at construction.
 */
public final class LogMelExtractor {
  private final LogMelSpec spec;
  private final double[] window;
  private final int bins;
  /** Per mel filter: first FFT bin with a non-zero weight, and the weights from there on. */
  private final int[] filterStart;
  private final double[][] filterWeights;
  private final Spectrum spectrum;

  public LogMelExtractor(LogMelSpec spec) {
    this.spec = spec;
    this.bins = spec.fftSize() / 2 + 1;
    this.window = new double[spec.windowSamples()];
    for (int n = 0; n < window.length; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / spec.windowSamples());
    }
    double[][] dense = melFilterbank(spec);
    this.filterStart = new int[spec.melBins()];
    this.filterWeights = new double[spec.melBins()][];
    for (int m = 0; m < spec.melBins(); m++) {
      int first = 0;
      while (first < bins && dense[m][first] == 0) {
        first++;
      }
      int last = bins - 1;
      while (last >= first && dense[m][last] == 0) {
        last--;
      }
      filterStart[m] = first;
      filterWeights[m] = Arrays.copyOfRange(dense[m], first, Math.max(first, last + 1));
    }
    this.spectrum = Integer.bitCount(spec.fftSize()) == 1
        ? new Radix2Spectrum(spec.fftSize())
        : new DirectSpectrum(spec.fftSize());
  }

  public LogMelSpec spec() {
    return spec;
  }

  /** Computes the features of {@code samples}, which must be at {@code spec().sampleRate()}. */
  public LogMelFeatures extract(float[] samples) {
    int win = spec.windowSamples();
    int hop = spec.hopSamples();
    int frames = spec.frameCount(samples.length);
    int mels = spec.melBins();
    double[] logMel = new double[frames * mels];
    double[] frame = new double[spec.fftSize()];
    double[] power = new double[bins];
    for (int t = 0; t < frames; t++) {
      int offset = t * hop;
      Arrays.fill(frame, 0);
      for (int n = 0; n < win; n++) {
        int i = offset + n;
        // Short inputs are zero-padded at the end to one window.
        frame[n] = i < samples.length ? samples[i] * window[n] : 0;
      }
      spectrum.power(frame, power);
      for (int m = 0; m < mels; m++) {
        double energy = 0;
        double[] weights = filterWeights[m];
        int start = filterStart[m];
        for (int k = 0; k < weights.length; k++) {
          energy += power[start + k] * weights[k];
        }
        logMel[t * mels + m] = Math.log(energy + spec.logOffset());
      }
    }
    if (spec.normalization() == Normalization.PER_UTTERANCE_MEAN) {
      subtractMeanPerBin(logMel, frames, mels);
    }
    float[] out = new float[logMel.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) logMel[i];
    }
    return new LogMelFeatures(out, frames, mels, hop / (double) spec.sampleRate());
  }

  private static void subtractMeanPerBin(double[] logMel, int frames, int mels) {
    for (int m = 0; m < mels; m++) {
      double sum = 0;
      for (int t = 0; t < frames; t++) {
        sum += logMel[t * mels + m];
      }
      double mean = sum / frames;
      for (int t = 0; t < frames; t++) {
        logMel[t * mels + m] -= mean;
      }
    }
  }

  /** Dense weights {@code [melBins][fftSize/2 + 1]}, exactly the triangles of models/README.md. */
  static double[][] melFilterbank(LogMelSpec spec) {
    int bins = spec.fftSize() / 2 + 1;
    int points = spec.melBins() + 2;
    double melLow = hzToMel(spec.minHz());
    double melHigh = hzToMel(spec.maxHz());
    double[] edgesHz = new double[points];
    double step = (melHigh - melLow) / (points - 1);
    for (int i = 0; i < points; i++) {
      // Same rounding as numpy.linspace: i * step + low, with the last point exactly at the top.
      double mel = i == points - 1 ? melHigh : i * step + melLow;
      edgesHz[i] = melToHz(mel);
    }
    double[][] weights = new double[spec.melBins()][bins];
    for (int m = 0; m < spec.melBins(); m++) {
      double lo = edgesHz[m];
      double mid = edgesHz[m + 1];
      double hi = edgesHz[m + 2];
      for (int k = 0; k < bins; k++) {
        double f = k * (double) spec.sampleRate() / spec.fftSize();
        double rising = (f - lo) / (mid - lo);
        double falling = (hi - f) / (hi - mid);
        weights[m][k] = Math.max(0, Math.min(rising, falling));
      }
    }
    return weights;
  }

  static double hzToMel(double hz) {
    return 2595.0 * Math.log10(1.0 + hz / 700.0);
  }

  static double melToHz(double mel) {
    return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
  }

  /** |rfft(frame)|^2 for bins 0..n/2. */
  private interface Spectrum {
    void power(double[] frame, double[] power);
  }

  /** Iterative radix-2 FFT, for power-of-two sizes (256, 512, ...). */
  private static final class Radix2Spectrum implements Spectrum {
    private final int n;
    private final int[] bitReversed;
    private final double[] cos;
    private final double[] sin;

    Radix2Spectrum(int n) {
      this.n = n;
      int bits = Integer.numberOfTrailingZeros(n);
      bitReversed = new int[n];
      for (int i = 0; i < n; i++) {
        bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
      }
      cos = new double[n / 2];
      sin = new double[n / 2];
      for (int i = 0; i < n / 2; i++) {
        cos[i] = Math.cos(2 * Math.PI * i / n);
        sin[i] = -Math.sin(2 * Math.PI * i / n);
      }
    }

    @Override
    public void power(double[] frame, double[] power) {
      double[] re = new double[n];
      double[] im = new double[n];
      for (int i = 0; i < n; i++) {
        re[bitReversed[i]] = frame[i];
      }
      for (int size = 2; size <= n; size <<= 1) {
        int half = size / 2;
        int step = n / size;
        for (int start = 0; start < n; start += size) {
          for (int j = 0; j < half; j++) {
            double wr = cos[j * step];
            double wi = sin[j * step];
            int a = start + j;
            int b = a + half;
            double tr = re[b] * wr - im[b] * wi;
            double ti = re[b] * wi + im[b] * wr;
            re[b] = re[a] - tr;
            im[b] = im[a] - ti;
            re[a] += tr;
            im[a] += ti;
          }
        }
      }
      for (int k = 0; k < power.length; k++) {
        power[k] = re[k] * re[k] + im[k] * im[k];
      }
    }
  }

  /** Plain DFT from tables, for other sizes (such as nFft = 400 at 16 kHz). */
  private static final class DirectSpectrum implements Spectrum {
    private final int n;
    private final double[] cos;
    private final double[] sin;

    DirectSpectrum(int n) {
      this.n = n;
      cos = new double[n];
      sin = new double[n];
      for (int i = 0; i < n; i++) {
        cos[i] = Math.cos(2 * Math.PI * i / n);
        sin[i] = Math.sin(2 * Math.PI * i / n);
      }
    }

    @Override
    public void power(double[] frame, double[] power) {
      for (int k = 0; k < power.length; k++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
          int phase = (int) ((long) k * i % n);
          re += frame[i] * cos[phase];
          im -= frame[i] * sin[phase];
        }
        power[k] = re * re + im * im;
      }
    }
  }
}
