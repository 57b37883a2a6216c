package dev.zora.audio;

/**
 * Band-limited sample-rate conversion of a whole clip; {@link StreamingResampler} does the work, so
 * a clip resampled whole and the same clip streamed in pieces give the same samples.
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
    StreamingResampler resampler = new StreamingResampler(audio.sampleRate(), targetRate);
    float[] body = resampler.process(audio.samples());
    return new PcmAudio(StreamingResampler.concat(body, resampler.finish()), targetRate);
  }
}
