package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ManifestReader;
import dev.zora.model.ManifestRules;
import dev.zora.model.ModelManifest;
import dev.zora.model.ModelRegistry;
import dev.zora.model.Task;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one model task means, in one type: what its manifest must say, which graphs it has and
 * which tensors they must expose, and what the loaded model does with them. A new task is a new
 * {@link Task} constant, a subclass and its line in {@link #of}.
 */
public abstract sealed class ModelTask implements ManifestRules permits TranscribingTask, VadTask {

  /** The manifest's name for this task. */
  public abstract Task task();

  /**
   * Opens the bundle's graphs (the manifest already checked), checks their tensor names, builds
   * what the task does with them and warms it up, so the first request does not pay for ONNX
   * Runtime's lazy initialisation.
   */
  abstract ServedModel serve(
      ModelManifest manifest, Path bundleDir, OnnxRuntime runtime, BeamSearchOptions beamSearch);

  /** The type of one task. */
  public static ModelTask of(Task task) {
    return switch (task) {
      case CLASSIFICATION -> new ClassificationTask();
      case CTC -> new CtcTask();
      case SEQ2SEQ -> new Seq2SeqTask();
      case VAD -> new VadTask();
    };
  }

  /** A manifest reader that knows every task's rules. */
  public static ManifestReader manifestReader() {
    return new ManifestReader(ModelTask::of);
  }

  /** Loads bundles into served models, each by its task. */
  public static ModelRegistry.Loader<ServedModel> loader(
      OnnxRuntime runtime, BeamSearchOptions beamSearch) {
    return (manifest, bundleDir) ->
        of(manifest.task()).serve(manifest, bundleDir, runtime, beamSearch);
  }

  /** Joint CTC/attention decoding is a seq2seq setting: any other task must leave it out. */
  static List<String> noJointDecoding(ModelManifest m) {
    return m.ctcWeight() == 0 ? List.of() : List.of(ctcWeightProblem(m));
  }

  static String ctcWeightProblem(ModelManifest m) {
    return "decoding.ctcWeight must be in (0, 1) and only for seq2seq bundles, got "
        + m.ctcWeight();
  }
}
