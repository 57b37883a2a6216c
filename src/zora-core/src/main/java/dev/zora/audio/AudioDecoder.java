package dev.zora.audio;

import java.util.List;

/**
 * Turns the bytes of an uploaded file into mono float PCM: PCM and float WAV, MP3 and Ogg/Opus
 * in-process, at the file's own rate (Opus at the rate the caller asks for when the system's
 * libopus decodes it, else at 48 kHz); everything else (Ogg/Vorbis, FLAC, WebM, M4A, ADPCM WAV,
 * ...) through ffmpeg, when it is installed, at the rate the caller asks for.
 */
public final class AudioDecoder {
  private final WavDecoder wav = new WavDecoder();
  private final List<CompressedDecoder> inProcess = List.of(new OggOpusDecoder(), new Mp3Decoder());
  private final FfmpegDecoder ffmpeg;

  public AudioDecoder(FfmpegDecoder ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * Decodes a whole file into memory, for short clips.
   *
   * @see #decode(byte[], double, int, PcmSink)
   */
  public PcmAudio decode(byte[] bytes, double maxSeconds, int compressedRate) {
    PcmCollector collector = new PcmCollector();
    decode(bytes, maxSeconds, compressedRate, collector);
    return collector.audio();
  }

  /**
   * Decodes a file piece by piece into {@code sink}: WAV and MP3 at their own rate, Opus at the
   * Opus rate nearest above {@code compressedRate} with libopus (48 kHz with Concentus), other
   * formats through ffmpeg at {@code compressedRate} (ffmpeg resamples while it decodes). The sink
   * is told the rate either way.
   *
   * @param maxSeconds the longest audio the caller accepts; lets ffmpeg stop early on long inputs
   * @throws UnsupportedAudioException when no decoder understands the bytes
   * @throws UnusableAudioException when the file is recognised but broken or empty
   */
  public void decode(byte[] bytes, double maxSeconds, int compressedRate, PcmSink sink) {
    if (bytes.length == 0) {
      throw new UnusableAudioException("the audio file is empty (0 bytes)");
    }
    if (wav.looksLikeWav(bytes) && wav.readHeader(bytes).isPlainPcmOrFloat()) {
      wav.decode(bytes, sink);
      return;
    }
    SecondBlocks blocks = new SecondBlocks(sink);
    decodeCompressed(bytes, maxSeconds, compressedRate, blocks);
    blocks.flush();
  }

  private void decodeCompressed(byte[] bytes, double maxSeconds, int wantedRate, PcmSink sink) {
    for (CompressedDecoder decoder : inProcess) {
      if (decoder.recognises(bytes)) {
        decoder.decode(bytes, maxSeconds, wantedRate, sink);
        return;
      }
    }
    ffmpeg.decode(bytes, maxSeconds, wantedRate, sink);
  }

  /** True when the system's libopus decodes Ogg/Opus, false when Concentus does. */
  public boolean decodesOpusWithLibopus() {
    return OpusPacketDecoder.usesLibopus();
  }

  /**
   * True when ffmpeg is there for the formats not decoded in-process (FLAC, Vorbis, WebM, M4A,
   * ...).
   */
  public boolean canDecodeCompressedFormats() {
    return ffmpeg.isAvailable();
  }
}
