package dev.zora.frontend;

/**
 * Parameters of the log-mel front end, as in a bundle manifest's {@code frontend} block. Lengths
 * are in samples, frequencies in Hz.
 */
public record LogMelSpec(
    int sampleRate,
    int fftSize,
    int windowSamples,
    int hopSamples,
    int melBins,
    double minHz,
    double maxHz,
    double logOffset,
    Normalization normalization) {

  public LogMelSpec {
    require(sampleRate > 0, "sampleRate must be positive, got " + sampleRate);
    require(fftSize > 0, "nFft must be positive, got " + fftSize);
    require(
        windowSamples > 0 && windowSamples <= fftSize,
        "winLength must be in 1.." + fftSize + " (nFft), got " + windowSamples);
    require(hopSamples > 0, "hopLength must be positive, got " + hopSamples);
    require(melBins > 0, "nMels must be positive, got " + melBins);
    require(
        minHz >= 0 && minHz < maxHz,
        "fMin must be >= 0 and below fMax, got fMin=" + minHz + " fMax=" + maxHz);
    require(
        maxHz <= sampleRate / 2.0,
        "fMax must not exceed the Nyquist frequency " + sampleRate / 2.0 + " Hz, got " + maxHz);
    require(logOffset > 0, "logOffset must be positive, got " + logOffset);
    require(normalization != null, "normalize must be given");
  }

  /** Time from one frame to the next. */
  public double secondsPerFrame() {
    return hopSamples / (double) sampleRate;
  }

  /** Number of frames the front end makes from {@code samples} samples (at least one). */
  public int frameCount(int samples) {
    return 1 + (Math.max(samples, windowSamples) - windowSamples) / hopSamples;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
