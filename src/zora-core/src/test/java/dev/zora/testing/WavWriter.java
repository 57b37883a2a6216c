package dev.zora.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes WAV files in the encodings the decoder must read, from float samples in [-1, 1]. */
public final class WavWriter {
  public enum Encoding {
    PCM_U8(1, 8),
    PCM_16(1, 16),
    PCM_24(1, 24),
    PCM_32(1, 32),
    FLOAT_32(3, 32),
    FLOAT_64(3, 64);

    final int formatTag;
    final int bits;

    Encoding(int formatTag, int bits) {
      this.formatTag = formatTag;
      this.bits = bits;
    }
  }

  private WavWriter() {}

  /** One channel per array, all the same length. */
  public static byte[] write(
      int sampleRate, Encoding encoding, boolean extensible, float[]... channels) {
    int frames = channels[0].length;
    int bytesPerSample = encoding.bits / 8;
    int blockAlign = bytesPerSample * channels.length;
    ByteBuffer data = ByteBuffer.allocate(frames * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      for (float[] channel : channels) {
        double x = Math.max(-1.0, Math.min(1.0, channel[i]));
        switch (encoding) {
          case PCM_U8 -> data.put((byte) (clamp(Math.round(x * 128.0), -128, 127) + 128));
          case PCM_16 -> data.putShort((short) clamp(Math.round(x * 32768.0), -32768, 32767));
          case PCM_24 -> {
            int v = (int) clamp(Math.round(x * 8388608.0), -8388608, 8388607);
            data.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
          }
          case PCM_32 ->
              data.putInt(
                  (int) clamp(Math.round(x * 2147483648.0), Integer.MIN_VALUE, Integer.MAX_VALUE));
          case FLOAT_32 -> data.putFloat((float) x);
          case FLOAT_64 -> data.putDouble(x);
        }
      }
    }
    ByteBuffer fmt = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) (extensible ? 0xFFFE : encoding.formatTag))
        .putShort((short) channels.length)
        .putInt(sampleRate)
        .putInt(sampleRate * blockAlign)
        .putShort((short) blockAlign)
        .putShort((short) encoding.bits);
    if (extensible) {
      fmt.putShort((short) 22).putShort((short) encoding.bits).putInt(channels.length == 1 ? 4 : 3);
      // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format tag, then a fixed GUID tail.
      fmt.putShort((short) encoding.formatTag)
          .putShort((short) 0)
          .put(
              new byte[] {
                0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
              });
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int riffSize = 4 + 8 + fmt.capacity() + 8 + data.capacity();
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le32(riffSize));
    out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(chunk("fmt ", fmt.array()));
    out.writeBytes(chunk("data", data.array()));
    return out.toByteArray();
  }

  /** A chunk with its id, little-endian size, body and the pad byte odd sizes need. */
  public static byte[] chunk(String id, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le32(body.length));
    out.writeBytes(body);
    if (body.length % 2 == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  public static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
