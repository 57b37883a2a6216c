package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.Classification;
import dev.zora.decode.ClassificationTranscriber;
import dev.zora.decode.Transcriber;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.OnnxModel;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import java.util.List;

/**
 * One label per utterance: graph {@code model} maps {@code features} to {@code logits [batch,
 * labels]}; an explanation scores one class (the predicted one by default).
 */
final class ClassificationTask extends TranscribingTask {
  @Override
  public Task task() {
    return Task.CLASSIFICATION;
  }

  @Override
  List<BundleGraphs.Role> graphRoles() {
    return FEATURES_TO_LOGITS;
  }

  @Override
  List<String> outputProblems(ModelManifest m) {
    if (m.labels().isEmpty()) {
      return List.of("labels must list the classifier's output classes");
    }
    return m.labels().contains(null) ? List.of("labels must not contain null") : List.of();
  }

  @Override
  Transcriber transcriber(
      ModelManifest manifest, List<OnnxModel> graphs, BeamSearchOptions beamSearch) {
    return new ClassificationTranscriber(
        graphs.get(0),
        manifest.inputName("features"),
        manifest.outputName("logits"),
        manifest.labels());
  }

  /** Classifiers were trained on clips as FSDD cuts them, tight: they get no edge context. */
  @Override
  public int edgeContextSamples(int sampleRate) {
    return 0;
  }

  @Override
  public ScoredTarget target(
      ServedModel model, LogMelFeatures features, Transcript transcript, Integer requested) {
    ModelManifest manifest = model.manifest();
    List<String> labels = manifest.labels();
    Classification classification = transcript.classification().orElseThrow();
    int index = requested != null ? requested : labels.indexOf(classification.label());
    if (index < 0 || index >= labels.size()) {
      throw new InvalidOptionException(
          "target must be a class index from 0 to "
              + (labels.size() - 1)
              + " ("
              + String.join(", ", labels)
              + "), got "
              + index);
    }
    return new ScoredTarget(
        new Target(index, labels.get(index), null),
        new ClassScorer(
            model.graph("model").serving(),
            manifest.inputName("features"),
            manifest.outputName("logits"),
            index,
            features.frames(),
            features.melBins()));
  }
}
