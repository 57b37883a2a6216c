package dev.zora.audio;

import java.util.Arrays;

/** A {@link PcmSink} that gathers everything into one {@link PcmAudio}, for short clips. */
final class PcmCollector implements PcmSink {
  private float[] samples = new float[0];
  private int length;
  private int sampleRate;

  @Override
  public void start(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  @Override
  public void accept(float[] piece) {
    if (length + piece.length > samples.length) {
      samples = Arrays.copyOf(samples, Math.max(length + piece.length, samples.length * 2));
    }
    System.arraycopy(piece, 0, samples, length, piece.length);
    length += piece.length;
  }

  PcmAudio audio() {
    return new PcmAudio(Arrays.copyOf(samples, length), sampleRate);
  }
}
