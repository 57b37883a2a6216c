package dev.zora.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.model.InvalidBundleException;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LogMelExtractorTest {

  /** Every bundle in models/ (any task, any front-end settings) against its own golden vectors. */
  @TestFactory
  List<DynamicTest> reproducesTheRecipesFeaturesForEveryGoldenClipOfEveryBundle() {
    List<Path> bundles = Golden.bundlesWithGoldens();
    assertFalse(bundles.isEmpty(), "no bundle with golden vectors in " + Golden.MODELS);
    return bundles.stream()
        .flatMap(
            bundle -> {
              LogMelExtractor extractor;
              try {
                extractor =
                    new LogMelExtractor(ModelTask.manifestReader().read(bundle).logMelSpec());
              } catch (InvalidBundleException e) {
                throw new AssertionError(bundle + ": " + e.getMessage(), e);
              }
              return Golden.all(bundle).stream()
                  .map(
                      golden ->
                          DynamicTest.dynamicTest(
                              bundle.getFileName() + "/" + golden.name(),
                              () -> {
                                PcmAudio audio = new WavDecoder().decode(golden.wavBytes());
                                LogMelFeatures features = extractor.extract(audio.samples());
                                assertEquals(golden.frames(), features.frames(), "frames");
                                assertEquals(golden.melBins(), features.melBins(), "mel bins");
                                double maxDiff =
                                    Golden.maxAbsDiff(features.values(), golden.logMel());
                                assertTrue(
                                    maxDiff < 1e-3,
                                    "max abs log-mel difference "
                                        + maxDiff
                                        + " for "
                                        + golden.name());
                              }));
            })
        .toList();
  }

  @Test
  void aToneLandsInTheMelFilterAroundItsFrequencyWithPowerOfTwoAndOtherFftSizes() {
    for (int fftSize : new int[] {256, 250}) {
      LogMelSpec spec =
          new LogMelSpec(8000, fftSize, 200, 80, 40, 20, 4000, 1e-6, Normalization.NONE);
      float[] tone = new float[8000];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
      }
      LogMelFeatures features = new LogMelExtractor(spec).extract(tone);
      int loudest = 0;
      for (int m = 1; m < spec.melBins(); m++) {
        if (features.value(10, m) > features.value(10, loudest)) {
          loudest = m;
        }
      }
      double[][] filters = LogMelExtractor.melFilterbank(spec);
      int bin1000Hz = (int) Math.round(1000.0 * fftSize / 8000);
      assertTrue(
          filters[loudest][bin1000Hz] > 0,
          "nFft " + fftSize + ": loudest filter " + loudest + " does not cover 1000 Hz");
    }
  }

  @Test
  void inputShorterThanOneWindowIsPaddedToOneFrame() {
    LogMelSpec spec =
        new LogMelSpec(8000, 256, 200, 80, 40, 20, 4000, 1e-6, Normalization.PER_UTTERANCE_MEAN);
    LogMelFeatures features = new LogMelExtractor(spec).extract(new float[] {0.1f, -0.2f, 0.3f});
    assertEquals(1, features.frames());
    // One frame minus its own mean is zero in every bin.
    for (float v : features.values()) {
      assertEquals(0f, v, 1e-6f);
    }
  }

  @Test
  void frameCountFollowsTheNoCentrePaddingRule() {
    LogMelSpec spec = new LogMelSpec(8000, 256, 200, 80, 40, 20, 4000, 1e-6, Normalization.NONE);
    assertEquals(1, spec.frameCount(0));
    assertEquals(1, spec.frameCount(279));
    assertEquals(2, spec.frameCount(280));
    assertEquals(98, spec.frameCount(8000));
  }
}
