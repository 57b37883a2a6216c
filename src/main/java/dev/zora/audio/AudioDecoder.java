package dev.zora.audio;

/**
 * Turns the bytes of an uploaded file into mono float PCM at the file's own rate: PCM and float WAV
 * natively, everything else through ffmpeg when it is installed.
 */
public final class AudioDecoder {
  private final WavDecoder wav = new WavDecoder();
  private final FfmpegDecoder ffmpeg;

  public AudioDecoder(FfmpegDecoder ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * @param maxSeconds the longest audio the caller accepts; lets ffmpeg stop early on long inputs
   * @throws UnsupportedAudioException when no decoder understands the bytes
   * @throws UnusableAudioException when the file is recognised but broken or empty
   */
  public PcmAudio decode(byte[] bytes, double maxSeconds) {
    if (bytes.length == 0) {
      throw new UnusableAudioException("the audio file is empty (0 bytes)");
    }
    if (wav.looksLikeWav(bytes) && wav.readHeader(bytes).isPlainPcmOrFloat()) {
      return wav.decode(bytes);
    }
    return ffmpeg.decode(bytes, maxSeconds);
  }

  /** True when formats other than PCM/float WAV can be decoded. */
  public boolean canDecodeCompressedFormats() {
    return ffmpeg.isAvailable();
  }
}
