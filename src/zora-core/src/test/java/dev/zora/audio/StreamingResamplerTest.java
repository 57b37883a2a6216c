package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingResamplerTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({
    "48000, 8000",
    "44100, 8000",
    "96000, 8000",
    "22050, 8000",
    "16000, 8000",
    "8000, 16000",
    "8000, 8000"
  })
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
      pieced = StreamingResampler.concat(pieced, streaming.process(piece));
      offset += length;
    }
    pieced = StreamingResampler.concat(pieced, streaming.finish());

    assertEquals(Math.round(signal.length * (double) to / from), pieced.length);
    assertArrayEquals(whole, pieced, 1e-6f);
  }

  /**
   * Each thread keeps the filter's working arrays from one conversion to the next: what a loud,
   * long clip leaves in them must not reach a short, quiet one converted after it.
   */
  @ParameterizedTest(name = "{0} Hz -> 8000 Hz")
  @ValueSource(ints = {16000, 44100, 48000})
  void aConversionGivesTheSameSamplesAfterAnotherOnTheSameThread(int from) throws Exception {
    Random random = new Random(13);
    float[] loud = new float[from * 2 + 77];
    for (int i = 0; i < loud.length; i++) {
      loud[i] = (float) (0.9 * random.nextGaussian());
    }
    float[] quiet = new float[from / 2 + 5];
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] = (float) (0.01 * Math.sin(2 * Math.PI * 440 * i / from));
    }
    AudioResampler resampler = new AudioResampler();
    float[][] alone = new float[1][];
    Thread fresh =
        new Thread(() -> alone[0] = resampler.resample(new PcmAudio(quiet, from), 8000).samples());
    fresh.start();
    fresh.join();

    resampler.resample(new PcmAudio(loud, from), 8000);
    float[] after = resampler.resample(new PcmAudio(quiet, from), 8000).samples();

    assertArrayEquals(alone[0], after, 0f);
  }

  /**
   * From above twice the target rate the conversion goes in two stages; what comes out is what the
   * recipe's filter gives in one, but for the short stage's rounding (scipy's {@code resample_poly}
   * against these: relative RMS 2-4e-4).
   */
  @ParameterizedTest(name = "{0} Hz -> 8000 Hz")
  @ValueSource(ints = {17000, 22050, 32000, 44100, 48000, 96000})
  void twoStagesGiveWhatTheRecipesFilterGivesInOne(int from) {
    Random random = new Random(11);
    float[] signal = new float[from * 2];
    for (int i = 0; i < signal.length; i++) {
      signal[i] =
          (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / from) + 0.1 * random.nextGaussian());
    }
    float[] twoStages = new AudioResampler().resample(new PcmAudio(signal, from), 8000).samples();

    ResamplingFilter recipes = ResamplingFilter.forRates(from, 8000);
    int pad = recipes.span + 2;
    float[] padded = new float[pad + signal.length + pad];
    System.arraycopy(signal, 0, padded, pad, signal.length);
    float[] oneStage = new float[twoStages.length];
    recipes.resample(0, oneStage, padded, padded.length, new float[0], -pad);

    double difference = 0;
    double power = 0;
    for (int i = 0; i < oneStage.length; i++) {
      difference += (twoStages[i] - oneStage[i]) * (twoStages[i] - oneStage[i]);
      power += oneStage[i] * oneStage[i];
    }
    double relativeRms = Math.sqrt(difference / power);
    assertTrue(relativeRms < 1e-3, "relative RMS difference " + relativeRms);
  }
}
