package dev.zora.audio;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Decodes MP3 (MPEG-1/2/2.5 layer III, and layers I and II) in-process with JLayer, at the file's
 * own rate, frame by frame into the sink; channels are averaged to mono.
 *
 * <p>Gapless, as ffmpeg is: when the first frame is a Xing/Info frame with a LAME tag (what LAME,
 * and so ffmpeg and most encoders, write), that frame is skipped, the encoder's delay plus the
 * decoder's own 529 samples are dropped from the start and the encoder's padding from the end, so
 * the clip keeps its length and its word times.
 */
final class Mp3Decoder implements CompressedDecoder {
  /** The MP3 decoder's own delay, in samples (as ffmpeg counts it). */
  private static final int DECODER_DELAY = 529;

  @Override
  public boolean recognises(byte[] bytes) {
    if (bytes.length >= 3 && bytes[0] == 'I' && bytes[1] == 'D' && bytes[2] == '3') {
      return true; // an ID3v2 tag comes first in most MP3 files
    }
    // A frame sync (11 set bits) with layer III, II or I and a valid bit-rate and rate index.
    return bytes.length >= 4
        && (bytes[0] & 0xFF) == 0xFF
        && (bytes[1] & 0xE0) == 0xE0
        && (bytes[1] & 0x06) != 0
        && (bytes[2] & 0xF0) != 0xF0
        && (bytes[2] & 0x0C) != 0x0C;
  }

  @Override
  public void decode(byte[] bytes, double maxSeconds, int wantedRate, PcmSink sink) {
    Bitstream stream = new Bitstream(new ByteArrayInputStream(bytes));
    Decoder decoder = new Decoder();
    Gapless gapless = Gapless.read(bytes);
    int rate = 0;
    long samples = 0;
    long decoded = 0; // mono samples out of the decoder, delay included
    boolean first = true;
    try {
      for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
        SampleBuffer frame = (SampleBuffer) decoder.decodeFrame(header, stream);
        stream.closeFrame();
        if (first && gapless != null) {
          first = false;
          continue; // the Info frame holds no audio
        }
        if (rate == 0) {
          rate = frame.getSampleFrequency();
          sink.start(rate);
        } else if (frame.getSampleFrequency() != rate) {
          throw new UnusableAudioException(
              "the MP3 stream changes its sample rate from "
                  + rate
                  + " Hz to "
                  + frame.getSampleFrequency()
                  + " Hz");
        }
        float[] mono =
            Pcm.toMono(frame.getBuffer(), 0, frame.getBufferLength(), frame.getChannelCount());
        long from = decoded;
        decoded += mono.length;
        if (gapless != null) {
          int start = (int) Math.max(0, Math.min(mono.length, gapless.skip() - from));
          int end = (int) Math.max(start, Math.min(mono.length, gapless.end(mono.length) - from));
          mono = Arrays.copyOfRange(mono, start, end);
        }
        if (mono.length == 0) {
          continue;
        }
        sink.accept(mono);
        samples += mono.length;
        if (samples > (maxSeconds + 1) * rate) {
          return; // long enough to be refused as too long; the rest is not decoded
        }
      }
    } catch (UnusableAudioException e) {
      throw e;
    } catch (BitstreamException | DecoderException | RuntimeException e) {
      // JLayer reports damage as its two exceptions, and on some garbage fails with whatever its
      // arithmetic meets (an index out of bounds, a division by zero: both found by fuzzing).
      throw new UnusableAudioException("the MP3 stream is damaged after " + samples + " samples");
    }
    if (samples == 0) {
      throw new UnusableAudioException("the MP3 file holds no audio frames");
    }
  }

  /**
   * The LAME tag's encoder delay and padding, and the Xing header's frame count (both in the first
   * frame, after the side information), or null when the file has no such tag.
   */
  private record Gapless(int delay, int padding, long frames) {
    long skip() {
      return delay + DECODER_DELAY;
    }

    /**
     * Where the audio ends, in decoded samples: all frames, less the padding, plus the decoder's
     * delay.
     */
    long end(int samplesPerFrame) {
      return frames <= 0 ? Long.MAX_VALUE : frames * samplesPerFrame - padding + DECODER_DELAY;
    }

    static Gapless read(byte[] bytes) {
      int at = 0;
      if (bytes.length >= 10 && bytes[0] == 'I' && bytes[1] == 'D' && bytes[2] == '3') {
        at =
            10
                + ((bytes[6] & 0x7F) << 21
                    | (bytes[7] & 0x7F) << 14
                    | (bytes[8] & 0x7F) << 7
                    | (bytes[9] & 0x7F));
      }
      for (int i = at + 4;
          i + 8 < bytes.length && i < at + 48;
          i++) { // "Xing" or "Info" after the side information
        boolean xing =
            bytes[i] == 'X' && bytes[i + 1] == 'i' && bytes[i + 2] == 'n' && bytes[i + 3] == 'g';
        boolean info =
            bytes[i] == 'I' && bytes[i + 1] == 'n' && bytes[i + 2] == 'f' && bytes[i + 3] == 'o';
        if (!xing && !info) {
          continue;
        }
        int flags = bytes[i + 7] & 0xFF;
        int field = i + 8;
        long frames = -1;
        if ((flags & 1) != 0 && field + 4 <= bytes.length) {
          frames =
              (bytes[field] & 0xFFL) << 24
                  | (bytes[field + 1] & 0xFF) << 16
                  | (bytes[field + 2] & 0xFF) << 8
                  | (bytes[field + 3] & 0xFF);
        }
        int lame =
            field
                + ((flags & 1) != 0 ? 4 : 0)
                + ((flags & 2) != 0 ? 4 : 0)
                + ((flags & 4) != 0 ? 100 : 0)
                + ((flags & 8) != 0 ? 4 : 0);
        if (lame + 24 > bytes.length) {
          return null;
        }
        int delay = (bytes[lame + 21] & 0xFF) << 4 | (bytes[lame + 22] & 0xFF) >> 4;
        int padding = (bytes[lame + 22] & 0x0F) << 8 | (bytes[lame + 23] & 0xFF);
        return new Gapless(delay, padding, frames);
      }
      return null;
    }
  }
}
