package dev.zora.audio;

/** Sample conversions the decoders share. */
final class Pcm {
  private Pcm() {}

  /**
   * The {@code length} interleaved 16-bit samples of {@code channels} channels from {@code from},
   * averaged to mono in [-1, 1].
   */
  static float[] toMono(short[] interleaved, int from, int length, int channels) {
    float[] mono = new float[length / channels];
    float scale = 1f / (32768f * channels);
    for (int i = 0, j = from; i < mono.length; i++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += interleaved[j++];
      }
      mono[i] = sum * scale;
    }
    return mono;
  }
}
