package dev.zora.audio;

import be.tarsos.dsp.resample.Resampler;
import java.util.Arrays;

/**
 * Band-limited sample-rate conversion of audio that arrives in pieces (TarsosDSP's port of
 * libresample, which keeps its filter history between calls). Feeding a signal in any split gives
 * the same samples as feeding it whole, and {@link #finish} cuts the total to {@code round(n *
 * factor)} samples, so the output's timeline matches the input's exactly.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class StreamingResampler {
  private final int fromRate;
  private final int toRate;
  private final double factor;
  private final Resampler resampler;
  private long samplesIn;
  private long samplesOut;
  private boolean finished;

  public StreamingResampler(int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " and " + toRate);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.factor = toRate / (double) fromRate;
    this.resampler = fromRate == toRate ? null : new Resampler(true, factor, factor);
  }

  public int fromRate() {
    return fromRate;
  }

  public int toRate() {
    return toRate;
  }

  /** Resamples the next piece; the result may be a few samples short, which later calls make up. */
  public float[] process(float[] samples) {
    if (finished) {
      throw new IllegalStateException("the resampler has been finished");
    }
    samplesIn += samples.length;
    if (resampler == null) {
      samplesOut += samples.length;
      return samples.clone();
    }
    return emit(run(samples, false));
  }

  /** Flushes the filter's tail; call once, after the last piece. */
  public float[] finish() {
    if (finished) {
      throw new IllegalStateException("the resampler has been finished");
    }
    finished = true;
    if (resampler == null) {
      return new float[0];
    }
    return emit(run(new float[0], true));
  }

  private float[] run(float[] in, boolean last) {
    // Head-room for the filter's flush at the end; what exceeds the expected total is cut in emit.
    float[] out = new float[(int) Math.ceil(in.length * factor) + 64];
    int consumed = 0;
    int produced = 0;
    // process() consumes only part of its input per call (and, on the last batch, flushes its tail
    // only once it has seen all of it): call it until it neither consumes nor produces.
    while (true) {
      if (produced == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      Resampler.Result result = resampler.process(
          factor, in, consumed, in.length - consumed, last, out, produced, out.length - produced);
      consumed += result.inputSamplesConsumed;
      produced += result.outputSamplesGenerated;
      if (result.inputSamplesConsumed == 0 && result.outputSamplesGenerated == 0) {
        return Arrays.copyOf(out, produced);
      }
    }
  }

  /** Never lets the total run past round(samplesIn * factor); on finish, pads up to it. */
  private float[] emit(float[] produced) {
    long expected = Math.round(samplesIn * factor);
    int length = (int) Math.min(produced.length, Math.max(0, expected - samplesOut));
    if (finished) {
      length = (int) Math.max(0, expected - samplesOut);
    }
    samplesOut += length;
    return Arrays.copyOf(produced, length);
  }
}
