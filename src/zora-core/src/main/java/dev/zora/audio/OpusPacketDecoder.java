package dev.zora.audio;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Optional;

/**
 * Decodes one Opus stream's packets into 16-bit PCM: with the system's libopus where it is
 * installed (Debian's {@code libopus0}, which ffmpeg depends on; kept patched by the distribution),
 * else with Concentus, its pure-Java port. libopus decodes straight to the rate the caller wants (8
 * kHz for the digit models) and is about twice as fast at 48 kHz; Concentus 1.0.2 decodes some mono
 * streams to silence at its lower rates, so it always decodes at 48 kHz.
 *
 * <p>One instance per stream; not thread-safe. Close it to free libopus' decoder state.
 */
sealed interface OpusPacketDecoder extends AutoCloseable {
  /** The rates an Opus decoder can give. */
  int[] OPUS_RATES = {8_000, 12_000, 16_000, 24_000, 48_000};

  /** The output rate, in samples per second and channel. */
  int sampleRate();

  /**
   * Decodes one packet into {@code pcm} (interleaved); returns the samples per channel.
   *
   * @throws UnusableAudioException when the packet is damaged
   */
  int decode(byte[] packet, short[] pcm);

  @Override
  void close();

  /**
   * A decoder for a stream of {@code channels} channels, at the lowest Opus rate not below {@code
   * wantedRate} when libopus is there.
   */
  static OpusPacketDecoder open(int channels, int wantedRate) {
    if (Libopus.LIBRARY.isPresent()) {
      int rate = OPUS_RATES[OPUS_RATES.length - 1];
      for (int candidate : OPUS_RATES) {
        if (candidate >= wantedRate) {
          rate = candidate;
          break;
        }
      }
      return new Libopus(Libopus.LIBRARY.get(), rate, channels);
    }
    return new Concentus(channels);
  }

  /** True when Opus is decoded by the system's libopus, false when by Concentus. */
  static boolean usesLibopus() {
    return Libopus.LIBRARY.isPresent();
  }

  /** The system's libopus through JNA: the three calls a decoder needs. */
  final class Libopus implements OpusPacketDecoder {
    /** libopus' C API (opus.h), as far as decoding goes. */
    interface Api extends Library {
      Pointer opus_decoder_create(int sampleRate, int channels, IntByReference error);

      int opus_decode(
          Pointer decoder, byte[] data, int length, short[] pcm, int frameSize, int decodeFec);

      void opus_decoder_destroy(Pointer decoder);
    }

    static final Optional<Api> LIBRARY = load();

    private final Api api;
    private final int rate;
    private final int channels;
    private Pointer decoder;

    private Libopus(Api api, int rate, int channels) {
      this.api = api;
      this.rate = rate;
      this.channels = channels;
      IntByReference error = new IntByReference();
      this.decoder = api.opus_decoder_create(rate, channels, error);
      if (decoder == null || error.getValue() != 0) {
        throw new UnusableAudioException(
            "the Opus stream cannot be decoded: libopus error " + error.getValue());
      }
    }

    private static Optional<Api> load() {
      try {
        return Optional.of(Native.load("opus", Api.class));
      } catch (LinkageError | RuntimeException absent) {
        // no libopus, or JNA's own native part could not be loaded (a temporary folder it cannot
        // write): Concentus decodes instead
        return Optional.empty();
      }
    }

    @Override
    public int sampleRate() {
      return rate;
    }

    @Override
    public int decode(byte[] packet, short[] pcm) {
      int frames = api.opus_decode(decoder, packet, packet.length, pcm, pcm.length / channels, 0);
      if (frames < 0) {
        throw new UnusableAudioException(
            "the Opus stream is damaged (libopus error " + frames + ")");
      }
      return frames;
    }

    @Override
    public void close() {
      if (decoder != null) {
        api.opus_decoder_destroy(decoder);
        decoder = null;
      }
    }
  }

  /** Concentus, at 48 kHz. */
  final class Concentus implements OpusPacketDecoder {
    private static final int RATE = 48_000;
    private final OpusDecoder decoder;
    private final int channels;

    Concentus(int channels) {
      this.channels = channels;
      try {
        this.decoder = new OpusDecoder(RATE, channels);
      } catch (OpusException | IllegalArgumentException e) {
        throw new UnusableAudioException("the Opus stream cannot be decoded: " + e.getMessage());
      }
    }

    @Override
    public int sampleRate() {
      return RATE;
    }

    @Override
    public int decode(byte[] packet, short[] pcm) {
      try {
        return decoder.decode(packet, 0, packet.length, pcm, 0, pcm.length / channels, false);
      } catch (OpusException | RuntimeException e) { // Concentus reports damage as either
        throw new UnusableAudioException("the Opus stream is damaged: " + e.getMessage());
      }
    }

    @Override
    public void close() {}
  }
}
