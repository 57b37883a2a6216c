package dev.zora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.Classification;
import dev.zora.frontend.LogMelSpec;
import dev.zora.inference.InferenceOptions;
import dev.zora.model.ModelManifest;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import dev.zora.testing.WavWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The pipeline as a library, without the server: audio bytes to probabilities. */
class ZoraPipelineTest {
  private static Zora zora;

  @BeforeAll
  static void open() {
    zora =
        Zora.open(
            ZoraSettings.builder(Golden.MODELS)
                .inference(
                    InferenceOptions.builder()
                        .threads(1, 1)
                        .maxConcurrentRuns(1)
                        .queue(4, Duration.ofSeconds(5))
                        .build())
                .maxDurationSeconds(2.0)
                .build());
  }

  @AfterAll
  static void close() {
    zora.close();
  }

  @TestFactory
  List<DynamicTest> probabilitiesFromTheWavMatchTheSoftmaxOfTheGoldenLogits() {
    return Golden.all(Golden.DIGITS_CNN).stream()
        .map(
            golden ->
                DynamicTest.dynamicTest(
                    golden.name(),
                    () -> {
                      Classification c =
                          zora.transcribe("digits-cnn", golden.wavBytes())
                              .transcript()
                              .classification()
                              .orElseThrow();
                      float[] expected = softmax(golden.logits());
                      float[] actual = new float[expected.length];
                      int i = 0;
                      for (double p : c.probabilities().values()) {
                        actual[i++] = (float) p;
                      }
                      double maxDiff = Golden.maxAbsDiff(actual, expected);
                      assertTrue(
                          maxDiff < 1e-3,
                          "max abs probability difference " + maxDiff + " for " + golden.name());
                    }))
        .toList();
  }

  @Test
  void refusesAudioOverTheDurationLimitWithTheLimitInTheMessage() {
    byte[] threeSeconds = WavWriter.write(8000, WavWriter.Encoding.PCM_16, false, new float[24000]);
    UnusableAudioException e =
        assertThrows(
            UnusableAudioException.class, () -> zora.transcribe("digits-cnn", threeSeconds));
    assertTrue(e.getMessage().contains("longer than the 2 s"), e.getMessage());
  }

  @Test
  void padsAudioShorterThanTheModelsMinimumWithSilenceAtTheEnd() throws Exception {
    ModelManifest manifest = ModelTask.manifestReader().read(Golden.DIGITS_CNN);
    LogMelSpec spec = manifest.logMelSpec();
    int minSamples = spec.windowSamples() + (manifest.minFrames() - 1) * spec.hopSamples();
    float[] blip = new float[minSamples / 3];
    for (int i = 0; i < blip.length; i++) {
      blip[i] = (float) (0.3 * Math.sin(i * 0.3));
    }
    float[] padded = Arrays.copyOf(blip, minSamples);
    Classification shortClip =
        classify(WavWriter.write(8000, WavWriter.Encoding.FLOAT_32, false, blip));
    Classification paddedClip =
        classify(WavWriter.write(8000, WavWriter.Encoding.FLOAT_32, false, padded));
    assertEquals(paddedClip.probabilities(), shortClip.probabilities());
  }

  private static Classification classify(byte[] wav) {
    return zora.transcribe("digits-cnn", wav).transcript().classification().orElseThrow();
  }

  @Test
  void timesEveryStage() {
    Timings t =
        zora.transcribe("digits-cnn", Golden.all(Golden.DIGITS_CNN).get(0).wavBytes()).timings();
    assertTrue(t.decodeMs() >= 0 && t.frontendMs() > 0 && t.inferenceMs() > 0, t.toString());
    assertEquals(t.totalMs(), t.decodeMs() + t.frontendMs() + t.inferenceMs(), 0.01);
  }

  private static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (Math.exp(logits[i] - max) / sum);
    }
    return p;
  }
}
