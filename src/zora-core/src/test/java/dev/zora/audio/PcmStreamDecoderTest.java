package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.zora.testing.WavWriter;
import dev.zora.testing.WavWriter.Encoding;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcmStreamDecoderTest {

  /**
   * The raw data chunk of a WAV file, cut into pieces of every awkward size (mid-sample,
   * mid-frame), decodes to exactly the samples the WAV decoder reads from the whole file.
   */
  @ParameterizedTest
  @CsvSource({"PCM_16, S16, 1", "PCM_16, S16, 2", "FLOAT_32, F32, 1", "FLOAT_32, F32, 2"})
  void piecesSplitAnywhereGiveTheSamplesOfTheWholeFile(
      Encoding encoding, SampleFormat format, int channels) {
    Random random = new Random(7);
    float[] signal = new float[4001];
    for (int i = 0; i < signal.length; i++) {
      signal[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * random.nextGaussian());
    }
    float[] right = new float[signal.length];
    for (int i = 0; i < right.length; i++) {
      right[i] = (float) (0.2 * Math.cos(i * 0.011));
    }
    byte[] wav =
        channels == 1
            ? WavWriter.write(16000, encoding, false, signal)
            : WavWriter.write(16000, encoding, false, signal, right);
    WavDecoder wavDecoder = new WavDecoder();
    WavDecoder.WavHeader header = wavDecoder.readHeader(wav);
    byte[] data =
        Arrays.copyOfRange(wav, header.dataOffset(), header.dataOffset() + header.dataLength());

    PcmStreamDecoder decoder = new PcmStreamDecoder(format, channels);
    float[] decoded = new float[0];
    for (int at = 0, piece = 1; at < data.length; at += piece, piece = 1 + (piece * 7 + 3) % 13) {
      float[] samples =
          decoder.decode(Arrays.copyOfRange(data, at, Math.min(data.length, at + piece)));
      decoded = concat(decoded, samples);
    }
    assertArrayEquals(wavDecoder.decode(wav).samples(), decoded);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
