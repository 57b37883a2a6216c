package dev.zora.inference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.model.InvalidBundleException;
import dev.zora.model.ModelManifest;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX Runtime in Java reproduces the recipe's outputs from the recipe's own features, for every
 * graph of every bundle in models/ that takes the features alone (classifier and CTC graphs, a
 * seq2seq encoder), and every output the golden file records for it, within 1e-4 (the model-recipe
 * issue's bar for ONNX against PyTorch).
 */
class OnnxGoldenTest {
  private static final OnnxRuntime RUNTIME =
      new OnnxRuntime(
          new InferenceOptions(Device.CPU, 1, 1, 1, 0, Duration.ofSeconds(5), Batching.OFF));

  @TestFactory
  List<DynamicTest> outputsMatchTheRecipesForTheGoldenFeatures() throws InvalidBundleException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path bundle : Golden.bundlesWithGoldens()) {
      ModelManifest manifest = ModelTask.manifestReader().read(bundle);
      for (String file : manifest.files().values()) {
        tests.addAll(testsFor(bundle, manifest, file));
      }
    }
    assertFalse(tests.isEmpty(), "no graph with golden outputs in " + Golden.MODELS);
    return tests;
  }

  private static List<DynamicTest> testsFor(Path bundle, ModelManifest manifest, String file) {
    String input = manifest.inputName("features");
    try (OnnxModel model = RUNTIME.open(bundle.resolve(file))) {
      if (!model.inputNames().equals(Set.of(input))) {
        return List.of(); // a decoder step also needs tokens: Seq2SeqGoldenTest covers it
      }
      Set<String> graphOutputs = model.outputNames();
      return Golden.all(bundle).stream()
          .flatMap(
              golden -> {
                FloatTensor features =
                    new FloatTensor(
                        golden.logMel(), new long[] {1, golden.frames(), golden.melBins()});
                return golden.outputs().entrySet().stream()
                    .filter(
                        expected -> graphOutputs.contains(manifest.outputName(expected.getKey())))
                    .map(
                        expected -> {
                          String output = manifest.outputName(expected.getKey());
                          float[] actual =
                              model
                                  .run(Map.of(input, features), Set.of(output))
                                  .get(output)
                                  .values();
                          double maxDiff = Golden.maxAbsDiff(actual, expected.getValue());
                          String name =
                              bundle.getFileName()
                                  + "/"
                                  + file
                                  + "/"
                                  + golden.name()
                                  + "/"
                                  + output;
                          return DynamicTest.dynamicTest(
                              name,
                              () ->
                                  assertTrue(
                                      maxDiff < 1e-4,
                                      "max abs difference " + maxDiff + " for " + name));
                        });
              })
          .toList();
    }
  }
}
