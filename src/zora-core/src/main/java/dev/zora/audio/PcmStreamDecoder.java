package dev.zora.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns raw interleaved PCM that arrives in pieces of any size into mono samples. A piece may end
 * in the middle of a sample or of a frame (one sample per channel); those bytes are kept and
 * completed by the next piece, so splitting the bytes anywhere gives the same samples as decoding
 * them whole.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class PcmStreamDecoder {
  private final SampleFormat format;
  private final int channels;
  private final int frameBytes;
  private final byte[] carry;
  private int carried;

  public PcmStreamDecoder(SampleFormat format, int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be at least 1, got " + channels);
    }
    this.format = format;
    this.channels = channels;
    this.frameBytes = format.bytes() * channels;
    this.carry = new byte[frameBytes];
  }

  /**
   * Decodes every frame the piece completes; the bytes of an unfinished frame wait for the next
   * piece.
   */
  public float[] decode(byte[] piece) {
    int frames = (carried + piece.length) / frameBytes;
    ByteBuffer in = ByteBuffer.allocate(frames * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
    int fromPiece = frames * frameBytes - carried;
    if (frames > 0) {
      in.put(carry, 0, carried).put(piece, 0, fromPiece).flip();
      carried = 0;
    } else {
      fromPiece = 0;
    }
    int left = piece.length - fromPiece;
    System.arraycopy(piece, fromPiece, carry, carried, left);
    carried += left;
    return format.readMono(in, channels, frames);
  }
}
