package dev.zora.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each shipped graph that takes the features alone gives every concurrent caller the outputs its
 * own run gives, when one slot and a 20 ms window make the callers share runs. Every golden clip is
 * sent several times at once, so runs stack copies of the same clip and clips of other lengths wait
 * for their own runs.
 */
class BatchedRunsTest {
  private static final int COPIES = 4;

  @Test
  void batchedOutputsEqualSingleRunOutputs() throws Exception {
    OnnxRuntime single =
        new OnnxRuntime(
            new InferenceOptions(Device.CPU, 1, 1, 1, 64, Duration.ofSeconds(30), Batching.OFF));
    OnnxRuntime batched =
        new OnnxRuntime(
            new InferenceOptions(
                Device.CPU,
                1,
                1,
                1,
                64,
                Duration.ofSeconds(30),
                new Batching(8, Duration.ofMillis(20))));
    ExecutorService callers = Executors.newFixedThreadPool(16);
    int checked = 0;
    try {
      for (Path bundle : Golden.bundlesWithGoldens()) {
        checked += check(bundle, single, batched, callers);
      }
    } finally {
      callers.shutdownNow();
    }
    assertTrue(checked > 0, "no single-input graph in " + Golden.MODELS);
  }

  private static int check(
      Path bundle, OnnxRuntime single, OnnxRuntime batched, ExecutorService callers)
      throws InvalidBundleException, Exception {
    ModelManifest manifest = ModelTask.manifestReader().read(bundle);
    String input = manifest.inputName("features");
    int checked = 0;
    for (String file : manifest.files().values()) {
      try (OnnxModel alone = single.open(bundle.resolve(file));
          OnnxModel shared = batched.open(bundle.resolve(file))) {
        if (!alone.inputNames().equals(Set.of(input))) {
          continue; // a decoder step takes tokens too: never batched
        }
        Set<String> outputs = alone.floatOutputNames();
        List<FloatTensor> clips =
            Golden.all(bundle).stream()
                .map(g -> new FloatTensor(g.logMel(), new long[] {1, g.frames(), g.melBins()}))
                .toList();
        long runsBefore = batched.batching().runs();
        long requestsBefore = batched.batching().requests();
        List<CompletableFuture<Map<String, FloatTensor>>> calls = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
          for (FloatTensor clip : clips) {
            calls.add(
                CompletableFuture.supplyAsync(
                    () -> shared.run(Map.of(input, clip), outputs), callers));
          }
        }
        for (int i = 0; i < calls.size(); i++) {
          FloatTensor clip = clips.get(i % clips.size());
          Map<String, FloatTensor> expected = alone.run(Map.of(input, clip), outputs);
          Map<String, FloatTensor> actual = calls.get(i).get(60, TimeUnit.SECONDS);
          for (String output : outputs) {
            String name = bundle.getFileName() + "/" + file + "/" + output + " call " + i;
            assertArrayEquals(expected.get(output).shape(), actual.get(output).shape(), name);
            double diff =
                Golden.maxAbsDiff(actual.get(output).values(), expected.get(output).values());
            assertTrue(diff < 1e-4, "max abs difference " + diff + " for " + name);
          }
        }
        assertFalse(outputs.isEmpty());
        long runs = batched.batching().runs() - runsBefore;
        long requests = batched.batching().requests() - requestsBefore;
        assertTrue(
            runs < requests, "no run was shared: " + runs + " runs for " + requests + " requests");
        checked++;
      }
    }
    return checked;
  }
}
