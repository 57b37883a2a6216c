package dev.zora.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.Golden;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class OnnxGoldenTest {
  private static OnnxModel model;

  @BeforeAll
  static void open() {
    OnnxRuntime runtime = new OnnxRuntime(new InferenceOptions(Device.CPU, 1, 1, 1, 0, Duration.ofSeconds(5)));
    model = runtime.open(Golden.DIGITS_CNN.resolve("model.onnx"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @TestFactory
  List<DynamicTest> logitsMatchTheRecipesForTheGoldenFeatures() {
    return Golden.all(Golden.DIGITS_CNN).stream().map(golden -> DynamicTest.dynamicTest(golden.name(), () -> {
      FloatTensor features = new FloatTensor(golden.logMel(), new long[] {1, golden.frames(), golden.melBins()});
      FloatTensor logits = model.run(Map.of("features", features), Set.of("logits")).get("logits");
      assertArrayEquals(new long[] {1, golden.logits().length}, logits.shape());
      double maxDiff = Golden.maxAbsDiff(logits.values(), golden.logits());
      assertTrue(maxDiff < 1e-3, "max abs logit difference " + maxDiff + " for " + golden.name());
    })).toList();
  }
}
