package dev.zora.audio;

/**
 * Turns the bytes of an uploaded file into mono float PCM: PCM and float WAV natively, at the file's
 * own rate; everything else through ffmpeg, when it is installed, at the rate the caller asks for.
 */
public final class AudioDecoder {
  private final WavDecoder wav = new WavDecoder();
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
   * Decodes a file piece by piece into {@code sink}: WAV at its own rate, other formats through
   * ffmpeg at {@code compressedRate} (ffmpeg resamples while it decodes).
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
    } else {
      ffmpeg.decode(bytes, maxSeconds, compressedRate, sink);
    }
  }

  /** True when formats other than PCM/float WAV can be decoded. */
  public boolean canDecodeCompressedFormats() {
    return ffmpeg.isAvailable();
  }
}
