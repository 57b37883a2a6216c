package dev.zora.audio;

import be.tarsos.dsp.resample.Resampler;

/**
 * Band-limited sample-rate conversion (TarsosDSP's port of libresample). Stateless: a fresh TarsosDSP
 * resampler per call, because it keeps filter history and is not thread-safe.
 */
public final class AudioResampler {

  /** Returns the audio at {@code targetRate}; the same object when it is already at that rate. */
  public PcmAudio resample(PcmAudio audio, int targetRate) {
    if (targetRate <= 0) {
      throw new IllegalArgumentException("targetRate must be positive, got " + targetRate);
    }
    if (audio.sampleRate() == targetRate) {
      return audio;
    }
    double factor = targetRate / (double) audio.sampleRate();
    float[] in = audio.samples();
    int expected = (int) Math.round(in.length * factor);
    // Head-room for the filter's flush at the end; the result is cut to the expected length.
    float[] out = new float[expected + 64];
    Resampler resampler = new Resampler(true, factor, factor);
    int consumed = 0;
    int produced = 0;
    // process() consumes only part of the input per call, and flushes its tail only once it has
    // seen all of it: call it until it neither consumes nor produces.
    while (produced < out.length) {
      Resampler.Result result = resampler.process(
          factor, in, consumed, in.length - consumed, true, out, produced, out.length - produced);
      consumed += result.inputSamplesConsumed;
      produced += result.outputSamplesGenerated;
      if (result.inputSamplesConsumed == 0 && result.outputSamplesGenerated == 0) {
        break;
      }
    }
    float[] exact = new float[expected];
    System.arraycopy(out, 0, exact, 0, Math.min(produced, expected));
    return new PcmAudio(exact, targetRate);
  }
}
