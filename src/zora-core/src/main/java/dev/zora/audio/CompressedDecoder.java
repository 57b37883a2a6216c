package dev.zora.audio;

/** An in-process decoder for one compressed format, recognised by its first bytes. */
interface CompressedDecoder {

  /** True when the bytes start the way this format's files do. */
  boolean recognises(byte[] bytes);

  /**
   * Decodes into {@code sink} at the codec's own rate, or nearer {@code wantedRate} where the codec
   * can decode at several (Opus); the sink is told which. Stops once more than {@code maxSeconds} +
   * 1 s have come out, which is enough to refuse the file as too long.
   *
   * @throws UnusableAudioException when the file is damaged or holds no audio
   */
  void decode(byte[] bytes, double maxSeconds, int wantedRate, PcmSink sink);
}
