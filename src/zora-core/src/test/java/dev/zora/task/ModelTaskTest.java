package dev.zora.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.model.InvalidBundleException;
import dev.zora.model.ManifestReader;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each task's own manifest rules and graph files, on manifests that differ from the shipped
 * bundles' in one field: the rule that catches it names the field.
 */
class ModelTaskTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyTaskHasItsType() {
    for (Task task : Task.values()) {
      assertEquals(task, ModelTask.of(task).task());
    }
    assertEquals(List.of("model"), ModelTask.of(Task.CLASSIFICATION).graphFiles());
    assertEquals(List.of("model"), ModelTask.of(Task.CTC).graphFiles());
    assertEquals(List.of("encoder", "decoder"), ModelTask.of(Task.SEQ2SEQ).graphFiles());
    assertEquals(List.of("model"), ModelTask.of(Task.VAD).graphFiles());
  }

  @Test
  void theShippedBundlesBreakNoRule() throws IOException {
    for (String bundle : List.of("digits-cnn", "digits-ctc", "digits-transformer", "silero-vad")) {
      ModelManifest manifest = shipped(bundle, Map.of());
      assertEquals(List.of(), ModelTask.of(manifest.task()).problems(manifest), bundle);
    }
  }

  @Test
  void aClassifierNeedsLabels() throws IOException {
    assertProblem("digits-cnn", Map.of("labels", List.of()), "labels must list");
  }

  @Test
  void aCtcModelNeedsItsSubsamplingAndBlank() throws IOException {
    assertProblem("digits-ctc", Map.of("subsampling", 0), "subsampling (input frames");
    assertProblem("digits-ctc", Map.of("specialTokens", Map.of()), "specialTokens.blank must be");
  }

  @Test
  void jointDecodingIsForSeq2SeqAloneAndNeedsItsOutputs() throws IOException {
    Map<String, Object> weight = Map.of("decoding", Map.of("ctcWeight", 0.3));
    assertProblem("digits-ctc", weight, "only for seq2seq bundles");
    assertProblem("silero-vad", weight, "only for seq2seq bundles");
    assertProblem(
        "digits-transformer",
        Map.of("decoding", Map.of("ctcWeight", 1.5)),
        "decoding.ctcWeight must be in (0, 1)");
    assertProblem(
        "digits-transformer",
        Map.of("decoding", Map.of("ctcWeight", 0.3), "outputs", Map.of("memory", "memory")),
        "decoding.ctcWeight needs outputs.ctcLogits");
  }

  @Test
  void stateAndConstantsAreForSpeechDetectors() throws IOException {
    assertProblem(
        "digits-cnn", Map.of("constants", Map.of("sr", 8000)), "for vad bundles only (a classif");
  }

  @Test
  void aSpeechDetectorNeedsAWaveformFrontEndAndThresholds() throws IOException {
    assertProblem("silero-vad", Map.of("vad", Map.of()), "vad.threshold must be");
    assertProblem(
        "silero-vad",
        Map.of("vad", Map.of("threshold", 0.5, "negativeThreshold", 0.7)),
        "vad.negativeThreshold must be in [0, vad.threshold]");
    assertProblem(
        "silero-vad",
        Map.of("frontend", Map.of("type", "logmel")),
        "frontend.type must be \"waveform\"");
  }

  @Test
  void theReaderChecksTheFilesTheTaskNames(@TempDir Path bundle) throws IOException {
    Files.copy(
        Path.of("models/digits-transformer/zora.json"),
        bundle.resolve(ManifestReader.MANIFEST_FILE));
    String message =
        assertThrows(InvalidBundleException.class, () -> ModelTask.manifestReader().read(bundle))
            .getMessage();
    assertTrue(message.contains("files.encoder \"encoder.onnx\" does not exist"), message);
    assertTrue(message.contains("files.decoder"), message);
  }

  @Test
  void aSpeechDetectorsSequenceGraphIsOptionalButCheckedWhenNamed(@TempDir Path bundle)
      throws IOException, InvalidBundleException {
    Path shipped = Path.of("models/silero-vad");
    Files.copy(shipped.resolve("model.onnx"), bundle.resolve("model.onnx"));
    Files.copy(
        shipped.resolve(ManifestReader.MANIFEST_FILE),
        bundle.resolve(ManifestReader.MANIFEST_FILE));
    String message =
        assertThrows(InvalidBundleException.class, () -> ModelTask.manifestReader().read(bundle))
            .getMessage();
    assertTrue(message.contains("files.sequence \"sequence.onnx\" does not exist"), message);
    Files.writeString(
        bundle.resolve(ManifestReader.MANIFEST_FILE),
        Files.readString(bundle.resolve(ManifestReader.MANIFEST_FILE))
            .replace(",\n    \"sequence\": \"sequence.onnx\"", ""));
    assertEquals(null, ModelTask.manifestReader().read(bundle).files().get("sequence"));
  }

  private static void assertProblem(String bundle, Map<String, Object> changes, String expected)
      throws IOException {
    ModelManifest manifest = shipped(bundle, changes);
    List<String> problems = ModelTask.of(manifest.task()).problems(manifest);
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(expected)),
        bundle
            + " with "
            + changes
            + ": expected a problem with \""
            + expected
            + "\" in "
            + problems);
  }

  /** A shipped bundle's manifest with some top-level fields replaced. */
  @SuppressWarnings("unchecked")
  private static ModelManifest shipped(String bundle, Map<String, Object> changes)
      throws IOException {
    Map<String, Object> tree =
        JSON.readValue(Path.of("models", bundle, "zora.json").toFile(), Map.class);
    tree.putAll(changes);
    return JSON.convertValue(tree, ModelManifest.class);
  }
}
