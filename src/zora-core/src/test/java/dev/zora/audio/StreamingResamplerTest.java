package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamingResamplerTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"48000, 8000", "44100, 8000", "16000, 8000", "8000, 16000", "8000, 8000"})
  void piecesOfAnySizeGiveTheWholeClipsSamples(int from, int to) {
    Random random = new Random(7);
    float[] signal = new float[from * 3 + 123];
    for (int i = 0; i < signal.length; i++) {
      signal[i] =
          (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / from) + 0.05 * random.nextGaussian());
    }
    float[] whole = new AudioResampler().resample(new PcmAudio(signal, from), to).samples();

    StreamingResampler streaming = new StreamingResampler(from, to);
    float[] pieced = new float[0];
    int offset = 0;
    while (offset < signal.length) {
      int length = Math.min(signal.length - offset, 1 + random.nextInt(5000));
      float[] piece = new float[length];
      System.arraycopy(signal, offset, piece, 0, length);
      pieced = concat(pieced, streaming.process(piece));
      offset += length;
    }
    pieced = concat(pieced, streaming.finish());

    assertEquals(Math.round(signal.length * (double) to / from), pieced.length);
    assertArrayEquals(whole, pieced, 1e-6f);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
