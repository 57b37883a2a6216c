package dev.zora.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceOptions;
import dev.zora.inference.LongTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.InvalidBundleException;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import dev.zora.task.ModelTask;
import dev.zora.testing.Golden;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The decoder step of every seq2seq bundle in models/ against the recipe's golden vectors: its
 * logits for the recipe's greedy tokens, batching, and Zora's greedy transcript of the golden
 * features. Skipped when models/ holds no seq2seq bundle.
 */
class Seq2SeqGoldenTest {
  private static final OnnxRuntime RUNTIME =
      new OnnxRuntime(
          new InferenceOptions(Device.CPU, 1, 1, 1, 0, Duration.ofSeconds(5), Batching.OFF));

  @TestFactory
  List<DynamicTest> decoderAndGreedySearchReproduceTheRecipe() throws InvalidBundleException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path bundle : Golden.bundlesWithGoldens()) {
      ModelManifest manifest = ModelTask.manifestReader().read(bundle);
      if (manifest.task() != Task.SEQ2SEQ) {
        continue;
      }
      for (Golden golden : Golden.all(bundle)) {
        String name = bundle.getFileName() + "/" + golden.name();
        tests.add(
            DynamicTest.dynamicTest(
                name + "/decoder logits", () -> decoderLogits(bundle, manifest, golden)));
        tests.add(
            DynamicTest.dynamicTest(
                name + "/batched decoder",
                () -> batchedRowsEqualSingleRuns(bundle, manifest, golden)));
        tests.add(
            DynamicTest.dynamicTest(
                name + "/greedy tokens", () -> greedyTranscript(bundle, manifest, golden)));
      }
    }
    assertFalse(tests.isEmpty(), "no seq2seq bundle with golden vectors in " + Golden.MODELS);
    return tests;
  }

  private static void decoderLogits(Path bundle, ModelManifest manifest, Golden golden) {
    try (OnnxModel decoder = RUNTIME.open(bundle.resolve(manifest.files().get("decoder")))) {
      float[] actual = decode(decoder, manifest, golden, 1);
      double maxDiff = Golden.maxAbsDiff(actual, golden.outputs().get("logits"));
      assertTrue(maxDiff < 1e-4, "max abs logit difference " + maxDiff + " for " + golden.name());
    }
  }

  private static void batchedRowsEqualSingleRuns(
      Path bundle, ModelManifest manifest, Golden golden) {
    try (OnnxModel decoder = RUNTIME.open(bundle.resolve(manifest.files().get("decoder")))) {
      float[] single = decode(decoder, manifest, golden, 1);
      float[] batched = decode(decoder, manifest, golden, 3);
      for (int b = 0; b < 3; b++) {
        float[] row = Arrays.copyOfRange(batched, b * single.length, (b + 1) * single.length);
        double maxDiff = Golden.maxAbsDiff(row, single);
        assertTrue(maxDiff < 1e-5, "batch row " + b + " differs from the single run by " + maxDiff);
      }
    }
  }

  /**
   * The golden tokens (with {@code <sos>}) over the golden memory, repeated {@code batch} times.
   */
  private static float[] decode(
      OnnxModel decoder, ModelManifest manifest, Golden golden, int batch) {
    long[] tokens = tokens(golden);
    float[] memory = golden.outputs().get("memory");
    int encoderFrames = golden.outputs().get("ctcLogits").length / manifest.vocabulary().size();
    long[] batchTokens = new long[batch * tokens.length];
    float[] batchMemory = new float[batch * memory.length];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(tokens, 0, batchTokens, b * tokens.length, tokens.length);
      System.arraycopy(memory, 0, batchMemory, b * memory.length, memory.length);
    }
    String logits = manifest.outputName("logits");
    return decoder
        .run(
            Map.of(
                manifest.inputName("tokens"),
                    new LongTensor(batchTokens, new long[] {batch, tokens.length}),
                manifest.inputName("memory"),
                    new FloatTensor(
                        batchMemory,
                        new long[] {batch, encoderFrames, memory.length / encoderFrames})),
            Set.of(logits))
        .get(logits)
        .values();
  }

  private static void greedyTranscript(Path bundle, ModelManifest manifest, Golden golden) {
    OnnxModel encoder = RUNTIME.open(bundle.resolve(manifest.files().get("encoder")));
    OnnxModel decoder = RUNTIME.open(bundle.resolve(manifest.files().get("decoder")));
    Optional<String> crossAttention =
        manifest.layers().stream()
            .filter(layer -> "cross-attention".equals(layer.kind()))
            .map(ModelManifest.Layer::tensor)
            .reduce((first, second) -> second);
    try (Seq2SeqTranscriber transcriber =
        new Seq2SeqTranscriber(
            encoder,
            decoder,
            new Seq2SeqTranscriber.Names(
                manifest.inputName("features"),
                manifest.outputName("memory"),
                manifest.inputName("tokens"),
                manifest.inputName("memory"),
                manifest.outputName("logits"),
                crossAttention),
            manifest.vocabulary(),
            manifest.specialTokens().get("sos"),
            manifest.specialTokens().get("eos"),
            manifest.subsampling(),
            new BeamSearchOptions(1, 12, 4.0, 1.0),
            Optional.empty())) {
      double hopSeconds = (double) manifest.logMelSpec().hopSamples() / manifest.sampleRate();
      LogMelFeatures features =
          new LogMelFeatures(golden.logMel(), golden.frames(), golden.melBins(), hopSeconds);
      double audioSeconds = golden.frames() * hopSeconds;
      Transcript transcript = transcriber.transcribe(features, audioSeconds);
      String expected =
          Arrays.stream(tokens(golden))
              .skip(1)
              .mapToObj(t -> manifest.vocabulary().get((int) t))
              .collect(Collectors.joining(" "));
      assertEquals(expected, transcript.text());
      assertEquals(transcript.text().split(" ").length, transcript.words().size());
    }
  }

  private static long[] tokens(Golden golden) {
    float[] tokens = golden.outputs().get("tokens");
    long[] out = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = Math.round(tokens[i]);
    }
    return out;
  }
}
