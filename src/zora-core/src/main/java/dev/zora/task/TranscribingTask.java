package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.Transcriber;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InspectableGraph;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.inference.Tensor;
import dev.zora.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task whose graphs take log-mel features and whose outputs become text: what the manifest needs
 * for it, how its graphs become a transcriber, and what its explanations score.
 */
public abstract sealed class TranscribingTask extends ModelTask
    permits ClassificationTask, CtcTask, Seq2SeqTask {
  private static final double EDGE_CONTEXT_SECONDS = 0.25;

  /** One graph, {@code model}, from log-mel {@code features} to {@code logits}. */
  static final List<BundleGraphs.Role> FEATURES_TO_LOGITS =
      List.of(new BundleGraphs.Role("model", List.of("features"), List.of("logits")));

  /**
   * The graphs of the task, in the order of {@link #graphFiles()}, with the tensor roles each must
   * have.
   */
  abstract List<BundleGraphs.Role> graphRoles();

  /** What the manifest needs for the task's outputs (labels, vocabulary, special tokens). */
  abstract List<String> outputProblems(ModelManifest m);

  /**
   * Builds the transcriber from the task's graphs.
   *
   * @param graphs one session per {@link #graphRoles()} entry, in order
   */
  abstract Transcriber transcriber(
      ModelManifest manifest, List<OnnxModel> graphs, BeamSearchOptions beamSearch);

  /**
   * What an explanation of {@code transcript} scores: the requested target (a class index or a
   * token position; null for the task's default) and the scorer of perturbed inputs.
   *
   * @throws InvalidOptionException the target is out of range
   * @throws NotExplainableException the transcript has no such token
   */
  public abstract ScoredTarget target(
      ServedModel model, LogMelFeatures features, Transcript transcript, Integer requested);

  /**
   * The inputs graph {@code graph} takes for {@code features}, as transcription feeds them; a
   * decoder is teacher-forced on {@code transcript}.
   */
  public Map<String, Tensor> feeds(
      ServedModel model, String graph, LogMelFeatures features, Transcript transcript) {
    return Map.of(model.manifest().inputName("features"), featureTensor(features));
  }

  /**
   * The least audio the model must see around an utterance's speech, in samples at {@code
   * sampleRate}: the connected models were trained on strings with 0-0.5 s of silence on each side,
   * and a tightly cut clip with none lost a quarter of its digits (71.7% against 98.3% padded with
   * 0.25 s).
   */
  public int edgeContextSamples(int sampleRate) {
    return (int) Math.round(EDGE_CONTEXT_SECONDS * sampleRate);
  }

  @Override
  public final List<String> graphFiles() {
    return graphRoles().stream().map(BundleGraphs.Role::file).toList();
  }

  @Override
  public final List<String> problems(ModelManifest m) {
    List<String> problems = new ArrayList<>();
    try {
      m.logMelSpec();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!m.state().isEmpty() || !m.constants().isEmpty()) {
      problems.add(
          "state and constants are for vad bundles only (a "
              + task().manifestName()
              + " graph takes log-mel features alone)");
    }
    problems.addAll(outputProblems(m));
    problems.addAll(decodingProblems(m));
    return problems;
  }

  /** What the manifest's {@code decoding} settings get wrong for this task. */
  List<String> decodingProblems(ModelManifest m) {
    return noJointDecoding(m);
  }

  @Override
  final ServedModel serve(
      ModelManifest manifest, Path bundleDir, OnnxRuntime runtime, BeamSearchOptions beamSearch) {
    LogMelExtractor frontEnd = new LogMelExtractor(manifest.logMelSpec());
    List<BundleGraphs.Role> roles = graphRoles();
    List<OnnxModel> models = BundleGraphs.open(manifest, bundleDir, runtime, roles);
    try {
      Transcriber transcriber = transcriber(manifest, models, beamSearch);
      float[] silence = new float[frontEnd.spec().sampleRate()];
      transcriber.transcribe(frontEnd.extract(silence), 1.0);
      List<InspectableGraph> graphs = new ArrayList<>();
      for (int i = 0; i < roles.size(); i++) {
        String file = roles.get(i).file();
        graphs.add(
            new InspectableGraph(
                file,
                bundleDir.resolve(manifest.files().get(file)),
                models.get(i),
                runtime,
                Map.of()));
      }
      return ServedModel.transcribing(manifest, this, frontEnd, transcriber, graphs);
    } catch (RuntimeException e) {
      models.forEach(OnnxModel::close);
      throw e;
    }
  }

  static FloatTensor featureTensor(LogMelFeatures features) {
    return new FloatTensor(features.values(), features.batchShape());
  }

  /** The transcript's words: the vocabulary entries the model emitted, special tokens aside. */
  static List<String> words(Transcript transcript) {
    return transcript.text().isEmpty() ? List.of() : List.of(transcript.text().split(" "));
  }

  /**
   * The requested token position (the first by default), checked against the transcript's {@code
   * tokens}.
   */
  static int tokenIndex(Integer requested, int tokens, String text) {
    int index = requested != null ? requested : 0;
    if (tokens == 0) {
      throw new NotExplainableException(
          "the model heard no words in this audio, so there is no token to explain");
    }
    if (index < 0) {
      throw new InvalidOptionException("target must be a token position, 0 or more, got " + index);
    }
    if (index >= tokens) {
      throw new NotExplainableException(
          "the transcript has no token at position "
              + index
              + "; target must be from 0 to "
              + (tokens - 1)
              + " of the transcript \""
              + text
              + "\", got "
              + index);
    }
    return index;
  }

  /**
   * What is wrong with a token model's vocabulary and with its {@code specialTokens}, each of which
   * must be an index into it.
   */
  static List<String> vocabularyProblems(ModelManifest m, List<String> tokens) {
    List<String> problems = new ArrayList<>();
    if (m.vocabulary().isEmpty()) {
      problems.add("vocabulary must list the " + m.task().manifestName() + " model's tokens");
    }
    for (String token : tokens) {
      Integer index = m.specialTokens().get(token);
      if (index == null || index < 0 || index >= m.vocabulary().size()) {
        problems.add(
            "specialTokens."
                + token
                + " must be an index into vocabulary (0.."
                + (m.vocabulary().size() - 1)
                + "), got "
                + index);
      }
    }
    return problems;
  }
}
