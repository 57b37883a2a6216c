package dev.zora.audio;

import java.util.Arrays;

/**
 * Passes a compressed decoder's small pieces on a second at a time, as {@link WavDecoder} hands out
 * a WAV file: an MP3 frame is 24-72 ms of audio and an Opus packet 20 ms, and every step after
 * decoding runs once per piece it is given. Each of Silero's ONNX runs has a fixed cost of about
 * 0.1 ms, so MP3 and Opus fed frame by frame (some 30 runs a second instead of one) cost twice a
 * WAV file's server time (issue 21's benchmark: 5.8 against 2.9 ms a request at 16 kHz). Call
 * {@link #flush} once the decoder is done.
 */
final class SecondBlocks implements PcmSink {
  private final PcmSink next;
  private float[] block;
  private int fill;

  SecondBlocks(PcmSink next) {
    this.next = next;
  }

  @Override
  public void start(int sampleRate) {
    block = new float[sampleRate];
    next.start(sampleRate);
  }

  @Override
  public void accept(float[] samples) {
    for (int offset = 0; offset < samples.length; ) {
      int n = Math.min(samples.length - offset, block.length - fill);
      System.arraycopy(samples, offset, block, fill, n);
      fill += n;
      offset += n;
      if (fill == block.length) {
        next.accept(block);
        block = new float[block.length];
        fill = 0;
      }
    }
  }

  /** Passes on what is left of the last second. */
  void flush() {
    if (fill > 0) {
      next.accept(Arrays.copyOf(block, fill));
      fill = 0;
    }
  }
}
