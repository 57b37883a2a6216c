package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.CtcAligner;
import dev.zora.decode.CtcTranscriber;
import dev.zora.decode.LogSoftmax;
import dev.zora.decode.TokenSpan;
import dev.zora.decode.Transcriber;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frame posteriors over a vocabulary with a blank: graph {@code model} maps {@code features} to
 * {@code logits [batch, frames, vocab]}; an explanation scores one token of the transcript over the
 * frames its forced alignment gives it (the first token by default).
 */
final class CtcTask extends TranscribingTask {
  @Override
  public Task task() {
    return Task.CTC;
  }

  @Override
  List<BundleGraphs.Role> graphRoles() {
    return FEATURES_TO_LOGITS;
  }

  @Override
  List<String> outputProblems(ModelManifest m) {
    List<String> problems = new ArrayList<>(vocabularyProblems(m, List.of("blank")));
    if (m.subsampling() == null || m.subsampling() < 1) {
      problems.add(
          "subsampling (input frames per output frame) must be a positive integer, got "
              + m.subsampling());
    }
    return problems;
  }

  @Override
  Transcriber transcriber(
      ModelManifest manifest, List<OnnxModel> graphs, BeamSearchOptions beamSearch) {
    return new CtcTranscriber(
        graphs.get(0),
        manifest.inputName("features"),
        manifest.outputName("logits"),
        manifest.vocabulary(),
        manifest.specialTokens().get("blank"),
        manifest.subsampling(),
        beamSearch.width());
  }

  @Override
  public ScoredTarget target(
      ServedModel model, LogMelFeatures features, Transcript transcript, Integer requested) {
    ModelManifest manifest = model.manifest();
    OnnxModel graph = model.graph("model").serving();
    String input = manifest.inputName("features");
    String logits = manifest.outputName("logits");
    FloatTensor output =
        graph.run(Map.of(input, featureTensor(features)), Set.of(logits)).get(logits);
    // The transcript's own tokens, aligned as the transcriber aligns them for word times.
    int[] labels = words(transcript).stream().mapToInt(manifest.vocabulary()::indexOf).toArray();
    int index = tokenIndex(requested, labels.length, transcript.text());
    List<TokenSpan> spans =
        new CtcAligner(manifest.specialTokens().get("blank"))
            .align(
                LogSoftmax.rows(output.values(), (int) output.shape()[1], (int) output.shape()[2]),
                labels);
    TokenSpan span = spans.get(index);
    return new ScoredTarget(
        new Target(index, manifest.vocabulary().get(span.token()), null),
        new CtcTokenScorer(
            graph,
            input,
            logits,
            span.token(),
            span.firstFrame(),
            span.endFrame(),
            features.frames(),
            features.melBins()));
  }
}
