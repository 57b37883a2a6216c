package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.Seq2SeqTranscriber;
import dev.zora.decode.Transcriber;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.LongTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.Tensor;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An encoder plus an autoregressive decoder over a vocabulary: graph {@code encoder} maps {@code
 * features} to {@code memory}, graph {@code decoder} maps {@code tokens} and {@code memory} to
 * {@code logits}; optionally joint CTC/attention decoding on the encoder's {@code ctcLogits}. An
 * explanation scores one token of the transcript, the decoder teacher-forced on the transcript.
 */
final class Seq2SeqTask extends TranscribingTask {
  private static final String CROSS_ATTENTION = "cross-attention";

  @Override
  public Task task() {
    return Task.SEQ2SEQ;
  }

  @Override
  List<BundleGraphs.Role> graphRoles() {
    return List.of(
        new BundleGraphs.Role("encoder", List.of("features"), List.of("memory")),
        new BundleGraphs.Role("decoder", List.of("tokens", "memory"), List.of("logits")));
  }

  @Override
  List<String> outputProblems(ModelManifest m) {
    return vocabularyProblems(m, List.of("sos", "eos", "pad"));
  }

  @Override
  List<String> decodingProblems(ModelManifest m) {
    if (m.ctcWeight() == 0) {
      return List.of();
    }
    if (!(m.ctcWeight() > 0 && m.ctcWeight() < 1)) {
      return List.of(ctcWeightProblem(m));
    }
    Integer blank = m.specialTokens().get("blank");
    if (!m.outputs().containsKey("ctcLogits")
        || blank == null
        || blank < 0
        || blank >= m.vocabulary().size()) {
      return List.of(
          "decoding.ctcWeight needs outputs.ctcLogits and specialTokens.blank (an index into vocabulary)");
    }
    return List.of();
  }

  @Override
  Transcriber transcriber(
      ModelManifest manifest, List<OnnxModel> graphs, BeamSearchOptions beamSearch) {
    return new Seq2SeqTranscriber(
        graphs.get(0),
        graphs.get(1),
        new Seq2SeqTranscriber.Names(
            manifest.inputName("features"),
            manifest.outputName("memory"),
            manifest.inputName("tokens"),
            manifest.inputName("memory"),
            manifest.outputName("logits"),
            lastCrossAttention(manifest, graphs.get(1))),
        manifest.vocabulary(),
        manifest.specialTokens().get("sos"),
        manifest.specialTokens().get("eos"),
        manifest.subsampling(),
        beamSearch,
        jointCtc(manifest));
  }

  /** Joint CTC/attention decoding where the manifest asks for it ({@link #decodingProblems}). */
  private static Optional<Seq2SeqTranscriber.JointCtc> jointCtc(ModelManifest manifest) {
    return manifest.ctcWeight() > 0
        ? Optional.of(
            new Seq2SeqTranscriber.JointCtc(
                manifest.outputName("ctcLogits"),
                manifest.specialTokens().get("blank"),
                manifest.ctcWeight()))
        : Optional.empty();
  }

  /**
   * The decoder's cross-attention output of the last layer the manifest lists: the layer nearest
   * the output, whose attention follows the words best.
   */
  private static Optional<String> lastCrossAttention(ModelManifest manifest, OnnxModel decoder) {
    return manifest.layers().stream()
        .filter(
            layer ->
                CROSS_ATTENTION.equals(layer.kind())
                    && decoder.outputNames().contains(layer.tensor()))
        .map(ModelManifest.Layer::tensor)
        .reduce((first, second) -> second);
  }

  @Override
  public ScoredTarget target(
      ServedModel model, LogMelFeatures features, Transcript transcript, Integer requested) {
    ModelManifest manifest = model.manifest();
    int[] decoderInput = decoderInput(manifest, transcript);
    int index = tokenIndex(requested, decoderInput.length - 1, transcript.text());
    int token = decoderInput[index + 1];
    TokenScorer.Names names =
        new TokenScorer.Names(
            manifest.inputName("features"),
            manifest.outputName("memory"),
            manifest.inputName("tokens"),
            manifest.inputName("memory"),
            manifest.outputName("logits"));
    return new ScoredTarget(
        new Target(index, manifest.vocabulary().get(token), decoderInput),
        new TokenScorer(
            model.graph("encoder").serving(),
            model.graph("decoder").serving(),
            names,
            Arrays.copyOf(decoderInput, index + 1),
            token,
            features.frames(),
            features.melBins()));
  }

  /** The decoder is fed the encoder's memory and the transcript, teacher-forced. */
  @Override
  public Map<String, Tensor> feeds(
      ServedModel model, String graph, LogMelFeatures features, Transcript transcript) {
    if (!graph.equals("decoder")) {
      return super.feeds(model, graph, features, transcript);
    }
    ModelManifest manifest = model.manifest();
    String memoryOut = manifest.outputName("memory");
    FloatTensor memory =
        model
            .graph("encoder")
            .serving()
            .run(super.feeds(model, "encoder", features, transcript), Set.of(memoryOut))
            .get(memoryOut);
    long[] tokens = Arrays.stream(decoderInput(manifest, transcript)).asLongStream().toArray();
    return Map.of(
        manifest.inputName("tokens"),
        new LongTensor(tokens, new long[] {1, tokens.length}),
        manifest.inputName("memory"),
        memory);
  }

  /** Start-of-sentence then the transcript's tokens: the decoder's teacher-forced input. */
  private static int[] decoderInput(ModelManifest manifest, Transcript transcript) {
    List<String> words = words(transcript);
    int[] tokens = new int[words.size() + 1];
    tokens[0] = manifest.specialTokens().get("sos");
    for (int i = 0; i < words.size(); i++) {
      tokens[i + 1] = manifest.vocabulary().indexOf(words.get(i));
    }
    return tokens;
  }
}
