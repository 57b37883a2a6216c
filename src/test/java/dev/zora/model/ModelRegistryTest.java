package dev.zora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.inference.Batching;
import dev.zora.inference.Device;
import dev.zora.inference.InferenceOptions;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.testing.Golden;
import dev.zora.testing.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over a models folder holding one good bundle and several broken ones. */
class ModelRegistryTest {

  private static void copyBundle(Path to, UnaryOperator<String> editManifest) throws IOException {
    Files.createDirectories(to);
    Files.copy(Golden.DIGITS_CNN.resolve("model.onnx"), to.resolve("model.onnx"));
    String manifest = Files.readString(Golden.DIGITS_CNN.resolve("zora.json"));
    Files.writeString(to.resolve("zora.json"), editManifest.apply(manifest));
  }

  private static Zora open(Path models) {
    return Zora.open(new ZoraSettings(models, "digits-cnn",
        new InferenceOptions(Device.CPU, 1, 1, 2, 4, Duration.ofSeconds(5), Batching.OFF), "ffmpeg", Duration.ofSeconds(30), 600,
        new BeamSearchOptions(4, 12, 1.0), TestSettings.segmentation()));
  }

  @Test
  void reportsBrokenBundlesAsFailedWithTheirReasonAndServesTheOthers(@TempDir Path models) throws Exception {
    copyBundle(models.resolve("digits-cnn"), m -> m);
    copyBundle(models.resolve("bad-json"), m -> m.replace("\"id\": \"digits-cnn\",", "\"id\": \"bad-json\",,"));
    copyBundle(models.resolve("no-onnx"), m -> m.replace("\"digits-cnn\"", "\"no-onnx\"")
        .replace("\"model.onnx\"", "\"missing.onnx\""));
    copyBundle(models.resolve("bad-frontend"), m -> m.replace("\"digits-cnn\"", "\"bad-frontend\"")
        .replace("\"nMels\": 40", "\"nMels\": -1"));
    copyBundle(models.resolve("corrupt-onnx"), m -> m.replace("\"digits-cnn\"", "\"corrupt-onnx\""));
    Files.writeString(models.resolve("corrupt-onnx").resolve("model.onnx"), "not a protobuf");
    copyBundle(models.resolve("wrong-input"), m -> m.replace("\"digits-cnn\"", "\"wrong-input\"")
        .replace("\"features\": \"features\"", "\"features\": \"mel\""));
    copyBundle(models.resolve("zz-duplicate"), m -> m);

    try (Zora zora = open(models)) {
      Map<String, ModelStatus> byId = zora.models().stream()
          .collect(Collectors.toMap(ModelStatus::id, s -> s));
      assertTrue(byId.get("digits-cnn").isReady(), "the good bundle serves");
      assertTrue(zora.isReady());
      assertFailed(byId.get("bad-json"), "not a valid manifest");
      assertFailed(byId.get("no-onnx"), "files.model \"missing.onnx\" does not exist");
      assertFailed(byId.get("bad-frontend"), "nMels must be positive");
      assertFailed(byId.get("corrupt-onnx"), "ONNX Runtime cannot load model.onnx");
      assertFailed(byId.get("wrong-input"), "has no input named mel");
      assertFailed(byId.get("zz-duplicate"), "already has id \"digits-cnn\"");
      assertEquals(7, byId.size());

      ModelNotReadyException e = assertThrows(ModelNotReadyException.class,
          () -> zora.transcribe("no-onnx", Files.readAllBytes(Golden.all(Golden.DIGITS_CNN).get(0).wav())));
      assertTrue(e.getMessage().contains("missing.onnx"), e.getMessage());
      assertThrows(UnknownModelException.class, () -> zora.transcribe("nothing-here", new byte[] {1}));
    }
  }

  @Test
  void validatesTasksNeedsForCtcAndSeq2seqBundles(@TempDir Path models) throws Exception {
    copyBundle(models.resolve("ctc"), m -> m.replace("\"digits-cnn\"", "\"ctc\"")
        .replace("\"classification\"", "\"ctc\""));
    copyBundle(models.resolve("s2s"), m -> m.replace("\"digits-cnn\"", "\"s2s\"")
        .replace("\"classification\"", "\"seq2seq\""));
    try (Zora zora = open(models)) {
      ModelStatus ctc = zora.model("ctc").orElseThrow();
      assertFailed(ctc, "vocabulary must list");
      assertFailed(ctc, "specialTokens.blank");
      assertFailed(ctc, "subsampling");
      assertFailed(zora.model("s2s").orElseThrow(), "files.encoder is missing");
    }
  }

  @Test
  void aCtcBundleWhoseGraphGivesNoFrameAxisFailsWithTheShapeItGot(@TempDir Path models) throws Exception {
    // A well-formed CTC manifest over the classifier graph, whose logits are [1, 12], not [1, T, V].
    copyBundle(models.resolve("ctc"), m -> m.replace("\"digits-cnn\"", "\"ctc\"")
        .replace("\"classification\"", "\"ctc\"")
        .replace("\"labels\":", "\"subsampling\": 4, \"specialTokens\": {\"blank\": 0}, \"vocabulary\":"));
    try (Zora zora = open(models)) {
      assertFailed(zora.model("ctc").orElseThrow(), "has shape [1, 12], expected [1, frames, 12]");
    }
  }

  @Test
  void aMissingModelsFolderLeavesTheServerUpButNotReady(@TempDir Path nowhere) {
    try (Zora zora = open(nowhere.resolve("absent"))) {
      assertTrue(zora.models().isEmpty());
      assertFalse(zora.isReady());
    }
  }

  private static void assertFailed(ModelStatus status, String reasonPart) {
    assertFalse(status.isReady(), status.id() + " should have failed");
    assertTrue(status.reason().contains(reasonPart), status.id() + ": " + status.reason());
  }
}
