package dev.zora.audio;

import java.util.Arrays;

/**
 * Band-limited sample-rate conversion of audio that arrives in pieces, by the shared polyphase
 * {@link ResamplingFilter} of its rate pair (so a new stream or request costs no filter design).
 * Output sample {@code n} is computed from the input around position {@code n · from / to} as soon
 * as that input has arrived, so feeding a signal in any split gives the same samples as feeding it
 * whole; {@link #finish} treats what follows the last piece as silence and cuts the total to {@code
 * round(n · to / from)} samples, so the output's timeline matches the input's exactly.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class StreamingResampler {
  private final int fromRate;
  private final int toRate;
  private final ResamplingFilter filter;

  /** The input still needed: {@code pending[0]} is input sample {@code origin}. */
  private float[] pending = new float[0];

  private int pendingLength;
  private long origin;
  private long samplesIn;
  private long samplesOut;
  private boolean finished;

  public StreamingResampler(int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive, got " + fromRate + " and " + toRate);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.filter = fromRate == toRate ? null : ResamplingFilter.forRates(fromRate, toRate);
    if (filter != null) { // silence before the signal, so every output's taps fall on the buffer
      pendingLength = filter.halfWidth + 2;
      pending = new float[pendingLength];
      origin = -pendingLength;
    }
  }

  public int fromRate() {
    return fromRate;
  }

  public int toRate() {
    return toRate;
  }

  /**
   * Resamples the next piece; the result lags the input by the filter's half-width, which later
   * calls make up.
   */
  public float[] process(float[] samples) {
    if (finished) {
      throw new IllegalStateException("the resampler has been finished");
    }
    samplesIn += samples.length;
    if (filter == null) {
      samplesOut += samples.length;
      return samples.clone();
    }
    append(samples);
    return emit(false);
  }

  /** Flushes the filter's tail; call once, after the last piece. */
  public float[] finish() {
    if (finished) {
      throw new IllegalStateException("the resampler has been finished");
    }
    finished = true;
    if (filter == null) {
      return new float[0];
    }
    append(new float[filter.halfWidth + 3]); // and silence after it
    return emit(true);
  }

  private float[] emit(boolean last) {
    long end = Math.round(samplesIn * (double) toRate / fromRate);
    if (!last) {
      end = Math.min(end, filter.outputsReadyAfter(samplesIn));
    }
    float[] out = new float[(int) Math.max(0, end - samplesOut)];
    filter.resample(samplesOut, out, pending, origin, pendingLength);
    samplesOut += out.length;
    discardBefore(filter.firstInputFor(samplesOut) - 1);
    return out;
  }

  private void append(float[] samples) {
    if (pendingLength + samples.length > pending.length) {
      pending =
          Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + samples.length));
    }
    System.arraycopy(samples, 0, pending, pendingLength, samples.length);
    pendingLength += samples.length;
  }

  private void discardBefore(long sample) {
    int drop = (int) Math.min(pendingLength, Math.max(0, sample - origin));
    if (drop > 0) {
      System.arraycopy(pending, drop, pending, 0, pendingLength - drop);
      pendingLength -= drop;
      origin += drop;
    }
  }
}
