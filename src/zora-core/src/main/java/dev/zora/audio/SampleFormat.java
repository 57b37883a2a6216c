package dev.zora.audio;

import java.nio.ByteBuffer;

/**
 * How one sample is stored in little-endian interleaved PCM, and how interleaved frames become
 * mono: the one place that turns bytes into samples, for WAV files and live streams alike, so the
 * same bytes give the same samples whichever way they arrive. Integer samples are scaled like
 * libsndfile does (divided by 2^(bits-1)), as the training recipe reads them.
 */
public enum SampleFormat {
  /** 8-bit integer, unsigned as WAV stores it. */
  U8(1),
  S16(2),
  S24(3),
  S32(4),
  F32(4),
  F64(8);

  private final int bytes;

  SampleFormat(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /**
   * Reads {@code frames} interleaved frames of {@code channels} samples from the buffer's position
   * (which must be little-endian) and returns their mean over channels.
   *
   * @throws UnusableAudioException when a float sample is NaN or infinite, which would poison every
   *     feature it touches
   */
  public float[] readMono(ByteBuffer in, int channels, int frames) {
    if (this == S16 && channels == 1) {
      return readMono16(in, frames);
    }
    float[] mono = new float[frames];
    float perChannel = 1f / channels;
    for (int i = 0; i < frames; i++) {
      double sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += read(in);
      }
      mono[i] = (float) (sum * perChannel);
      if (!Float.isFinite(mono[i])) {
        throw new UnusableAudioException(
            "the audio holds a sample that is not a finite number ("
                + mono[i]
                + ") at sample frame "
                + i
                + " of this piece; float samples must be finite");
      }
    }
    return mono;
  }

  /**
   * Mono 16-bit, what most clients send, read by index: a sample at a time through the buffer's
   * position cost a tenth of a 48 kHz request's CPU. The same samples as {@link #read} gives;
   * always finite.
   */
  private static float[] readMono16(ByteBuffer in, int frames) {
    float[] mono = new float[frames];
    int first = in.position();
    for (int i = 0; i < frames; i++) {
      mono[i] = in.getShort(first + 2 * i) / 32768f;
    }
    in.position(first + 2 * frames);
    return mono;
  }

  private double read(ByteBuffer in) {
    return switch (this) {
      case U8 -> (Byte.toUnsignedInt(in.get()) - 128) / 128.0;
      case S16 -> in.getShort() / 32768.0;
      case S24 -> {
        int b0 = Byte.toUnsignedInt(in.get());
        int b1 = Byte.toUnsignedInt(in.get());
        int b2 = in.get(); // sign-extends the top byte
        yield ((b2 << 16) | (b1 << 8) | b0) / 8388608.0;
      }
      case S32 -> in.getInt() / 2147483648.0;
      case F32 -> in.getFloat();
      case F64 -> in.getDouble();
    };
  }
}
