package dev.zora.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes RIFF/WAVE files holding integer PCM (8, 16, 24 or 32 bit), IEEE float (32 or 64 bit),
 * plain or as {@code WAVE_FORMAT_EXTENSIBLE}, with any number of channels mixed down to mono.
 * Integer samples are scaled like libsndfile does (divided by 2^(bits-1)), so features match the
 * training recipe, which reads WAV files with soundfile.
 *
 * <p>A data chunk that is shorter than its header says (a streamed or cut-off file) is decoded up
 * to the last whole sample frame, as players do; a header cut short is an error. A float sample
 * that is NaN or infinite is an error too (see {@link SampleFormat#readMono}).
 */
public final class WavDecoder {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long SIZE_UNKNOWN = 0xFFFFFFFFL;

  /** The highest rate accepted: studio audio goes up to 384 kHz; beyond that is a broken header. */
  public static final int MAX_SAMPLE_RATE = 768_000;

  /** What the {@code fmt } chunk says, plus where the sample data lies in the input. */
  public record WavHeader(
      int formatTag,
      int channels,
      int sampleRate,
      int bitsPerSample,
      int dataOffset,
      int dataLength) {

    /** True when {@link WavDecoder#decode} can read the samples itself (no ffmpeg needed). */
    public boolean isPlainPcmOrFloat() {
      return (formatTag == FORMAT_PCM && bitsPerSample >= 8 && bitsPerSample <= 32)
          || (formatTag == FORMAT_FLOAT && (bitsPerSample == 32 || bitsPerSample == 64));
    }

    /** How each sample is stored; only for a header that {@link #isPlainPcmOrFloat()}. */
    SampleFormat sampleFormat() {
      if (formatTag == FORMAT_FLOAT) {
        return bitsPerSample == 32 ? SampleFormat.F32 : SampleFormat.F64;
      }
      return switch ((bitsPerSample + 7) / 8) {
        case 1 -> SampleFormat.U8;
        case 2 -> SampleFormat.S16;
        case 3 -> SampleFormat.S24;
        default -> SampleFormat.S32;
      };
    }
  }

  /** True when the bytes start like a RIFF/WAVE file (the header may still be broken). */
  public boolean looksLikeWav(byte[] bytes) {
    return bytes.length >= 4
        && ascii(bytes, 0, 4).equals("RIFF")
        && (bytes.length < 12 || ascii(bytes, 8, 4).equals("WAVE"));
  }

  /**
   * Reads the header of a RIFF/WAVE file.
   *
   * @throws UnusableAudioException when the header is cut short or inconsistent
   */
  public WavHeader readHeader(byte[] bytes) {
    if (!looksLikeWav(bytes)) {
      throw new IllegalArgumentException("not a RIFF/WAVE file; check looksLikeWav first");
    }
    if (bytes.length < 12) {
      throw truncated(bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    in.position(12);
    Optional<Fmt> fmt = Optional.empty();
    while (in.remaining() >= 8) {
      String id = ascii(bytes, in.position(), 4);
      in.position(in.position() + 4);
      long size = Integer.toUnsignedLong(in.getInt());
      int start = in.position();
      if (id.equals("fmt ")) {
        if (size < 16 || in.remaining() < 16) {
          throw truncated(bytes.length);
        }
        fmt = Optional.of(readFmt(in, size));
      } else if (id.equals("data")) {
        Fmt f =
            fmt.orElseThrow(
                () ->
                    new UnusableAudioException(
                        "WAV file has its data chunk before the fmt chunk, so its sample format is unknown"));
        long available = bytes.length - start;
        long length = (size == SIZE_UNKNOWN || size > available) ? available : size;
        return validated(
            new WavHeader(
                f.formatTag(), f.channels(), f.sampleRate(), f.bits(), start, (int) length));
      }
      // RIFF chunks are padded to an even size.
      long next = start + size + (size & 1);
      if (next > bytes.length) {
        break;
      }
      in.position((int) next);
    }
    if (fmt.isEmpty()) {
      throw truncated(bytes.length);
    }
    throw new UnusableAudioException(
        "WAV file ends after "
            + bytes.length
            + " bytes without a data chunk: it is truncated or holds no audio");
  }

  /** Decodes a WAV file to mono float samples at the file's own rate. */
  public PcmAudio decode(byte[] bytes) {
    PcmCollector collector = new PcmCollector();
    decode(bytes, collector);
    return collector.audio();
  }

  /**
   * Decodes a WAV file to mono float samples at the file's own rate, handing them to {@code sink} a
   * second at a time.
   */
  public void decode(byte[] bytes, PcmSink sink) {
    WavHeader header = readHeader(bytes);
    if (!header.isPlainPcmOrFloat()) {
      throw new UnsupportedAudioException(
          String.format(
              "WAV encoding with format tag 0x%04X and %d bits per sample is not integer PCM or float",
              header.formatTag(), header.bitsPerSample()));
    }
    SampleFormat format = header.sampleFormat();
    int frameBytes = format.bytes() * header.channels();
    int frames = header.dataLength() / frameBytes;
    if (frames == 0) {
      throw new UnusableAudioException("WAV file holds no audio samples (its data chunk is empty)");
    }
    ByteBuffer in =
        ByteBuffer.wrap(bytes, header.dataOffset(), frames * frameBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
    sink.start(header.sampleRate());
    for (int done = 0; done < frames; ) {
      float[] mono =
          format.readMono(in, header.channels(), Math.min(frames - done, header.sampleRate()));
      done += mono.length;
      sink.accept(mono);
    }
  }

  private record Fmt(int formatTag, int channels, int sampleRate, int bits) {}

  private static Fmt readFmt(ByteBuffer in, long size) {
    int start = in.position();
    int formatTag = Short.toUnsignedInt(in.getShort());
    int channels = Short.toUnsignedInt(in.getShort());
    long sampleRate = Integer.toUnsignedLong(in.getInt()); // unsigned, as RIFF stores it
    in.getInt(); // byte rate: derivable, and often wrong in the wild
    int blockAlign = Short.toUnsignedInt(in.getShort());
    int bits = Short.toUnsignedInt(in.getShort());
    if (formatTag == FORMAT_EXTENSIBLE) {
      // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID, whose first two bytes are
      // the tag.
      if (size < 40 || in.remaining() < 24) {
        throw new UnusableAudioException(
            "WAV header says WAVE_FORMAT_EXTENSIBLE but its fmt chunk is too short ("
                + size
                + " bytes)");
      }
      in.position(start + 24);
      formatTag = Short.toUnsignedInt(in.getShort());
    }
    if (sampleRate > MAX_SAMPLE_RATE) {
      throw new UnusableAudioException(
          String.format(
              "WAV header gives a sample rate of %d Hz, above the %d Hz this server accepts",
              sampleRate, MAX_SAMPLE_RATE));
    }
    // Only PCM and float have one block per sample frame; ADPCM and other codecs' blocks hold many
    // (and go to ffmpeg).
    boolean pcmOrFloat = formatTag == FORMAT_PCM || formatTag == FORMAT_FLOAT;
    if (pcmOrFloat && channels > 0 && bits > 0 && blockAlign != channels * ((bits + 7) / 8)) {
      throw new UnusableAudioException(
          String.format(
              "WAV header is inconsistent: block align %d bytes for %d channels of %d bits",
              blockAlign, channels, bits));
    }
    return new Fmt(formatTag, channels, (int) sampleRate, bits);
  }

  private static WavHeader validated(WavHeader header) {
    if (header.channels() < 1) {
      throw new UnusableAudioException("WAV header says the file has 0 channels");
    }
    if (header.sampleRate() <= 0) {
      throw new UnusableAudioException(
          "WAV header gives an invalid sample rate of " + header.sampleRate() + " Hz");
    }
    return header;
  }

  private static UnusableAudioException truncated(int length) {
    return new UnusableAudioException(
        "WAV header is truncated: the file ends after "
            + length
            + " bytes, before the audio data starts");
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.US_ASCII);
  }
}
