package dev.zora.audio;

/** Receives decoded mono audio piece by piece, so a long file never has to be held whole. */
public interface PcmSink {

  /** Called once, before any samples, with the rate of every sample that follows. */
  void start(int sampleRate);

  /** The next samples, in [-1, 1]; the array is the sink's to keep. */
  void accept(float[] samples);
}
