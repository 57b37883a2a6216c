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
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.Golden;
import dev.zora.testing.WavWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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

  /**
   * FSDD cuts its clips at or near the first sound. Both detectors' cuts of such a clip get the
   * context before that sound as padding, to within one 10 ms frame: before, either detector could
   * date the speech tens of ms after it (118 of the 300 clips were cut more than 10 ms apart), and
   * Silero's cuts got five of 300 wrong through the connected models against the energy detector's
   * three.
   */
  @Test
  void aTightClipGetsTheSameEdgeContextWhicheverDetectorCutsIt() throws Exception {
    Assumptions.assumeTrue(FsddHeldOut.isPresent(), "the FSDD validation clips are not here");
    List<String> differ = new ArrayList<>();
    try (var ctc = zora.served("digits-ctc")) {
      for (FsddHeldOut.Clip clip : FsddHeldOut.clips()) {
        byte[] wav = Files.readAllBytes(clip.path());
        double[] start = new double[2];
        for (SpeechDetection vad : SpeechDetection.values()) {
          List<PreparedAudio> cut = zora.prepareUtterances(ctc.get(), wav, vad);
          start[vad.ordinal()] = cut.isEmpty() ? Double.NaN : cut.get(0).startSeconds();
        }
        if (!(Math.abs(start[0] - start[1]) <= 0.011)) {
          differ.add(clip.path().getFileName() + " " + start[0] + " / " + start[1]);
        }
      }
    }
    assertEquals(List.of(), differ, "clips whose energy / Silero cuts start apart");
  }

  /**
   * Issue 23's default: one model for whatever a user says, a digit or a string. A tightly cut FSDD
   * digit and a digit string both come out right through the library's default model.
   */
  @Test
  void theDefaultModelHearsATightDigitAndAString() throws Exception {
    try (Zora defaults = Zora.open(ZoraSettings.builder(Golden.MODELS).build())) {
      assertEquals("digits-transformer", defaults.defaultModel());
      for (Golden digit : Golden.digits(Golden.DIGITS_CNN)) {
        if (digit.name().startsWith("fsdd-")) {
          assertEquals(
              digit.label(),
              defaults.transcribe(defaults.defaultModel(), digit.wavBytes()).transcript().text(),
              digit.name());
        }
      }
      byte[] string =
          Files.readAllBytes(Golden.MODELS.resolve("digits-ctc/golden/fsdd-string-0.wav"));
      assertEquals(
          "five seven nine zero three three two six",
          defaults.transcribe(defaults.defaultModel(), string).transcript().text());
    }
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
