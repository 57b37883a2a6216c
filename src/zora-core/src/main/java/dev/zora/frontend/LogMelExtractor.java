package dev.zora.frontend;

import java.util.Arrays;

/**
 * The log-mel front end as a pure function: mono samples in [-1, 1] at the spec's rate in, a {@code
 * [frames][melBins]} matrix out. It follows models/README.md step by step (periodic Hann window, no
 * centre padding, power spectrum, HTK-mel triangles without area normalisation, natural log with an
 * offset, optional per-utterance mean removal), computing in double precision like the recipe's
 * numpy reference. Thread-safe: all state is fixed at construction.
 */
public final class LogMelExtractor {
  private final LogMelSpec spec;

  /** Per mel filter: first FFT bin with a non-zero weight, and the weights from there on. */
  private final int[] filterStart;

  private final double[][] filterWeights;
  private final Stft stft;

  public LogMelExtractor(LogMelSpec spec) {
    this.spec = spec;
    int bins = spec.fftSize() / 2 + 1;
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
    this.stft = new Stft(spec);
  }

  public LogMelSpec spec() {
    return spec;
  }

  /** The STFT this front end runs (immutable tables, shared by every caller). */
  public Stft stft() {
    return stft;
  }

  /** Computes the features of {@code samples}, which must be at {@code spec().sampleRate()}. */
  public LogMelFeatures extract(float[] samples) {
    int frames = spec.frameCount(samples.length);
    int mels = spec.melBins();
    double[][] power = stft.powerByBin(samples);
    float[] out = new float[frames * mels];
    double[] logMel = new double[frames];
    for (int m = 0; m < mels; m++) { // one mel bin over every frame: loops the JIT vectorises
      Arrays.fill(logMel, 0);
      double[] weights = filterWeights[m];
      for (int k = 0; k < weights.length; k++) {
        double weight = weights[k];
        double[] bin = power[filterStart[m] + k];
        for (int t = 0; t < frames; t++) {
          logMel[t] += bin[t] * weight;
        }
      }
      double sum = 0;
      for (int t = 0; t < frames; t++) {
        logMel[t] = Math.log(logMel[t] + spec.logOffset());
        sum += logMel[t];
      }
      double mean = spec.normalization() == Normalization.PER_UTTERANCE_MEAN ? sum / frames : 0;
      for (int t = 0; t < frames; t++) {
        out[t * mels + m] = (float) (logMel[t] - mean);
      }
    }
    return new LogMelFeatures(out, frames, mels, spec.secondsPerFrame());
  }

  /**
   * The mel filterbank, dense {@code [melBins][fftSize/2 + 1]}: how much each FFT bin counts in
   * each mel bin, exactly the triangles of models/README.md.
   */
  public double[][] melWeights() {
    return melFilterbank(spec);
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
}
