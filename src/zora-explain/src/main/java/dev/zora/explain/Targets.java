package dev.zora.explain;

import dev.zora.decode.Classification;
import dev.zora.decode.CtcAligner;
import dev.zora.decode.LogSoftmax;
import dev.zora.decode.TokenSpan;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.OnnxModel;
import dev.zora.model.ModelManifest;
import dev.zora.pipeline.ServedModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the requested target into what the methods score, per task: a classifier's class (the
 * predicted one by default), an encoder-decoder's token of the transcript, teacher-forced, or a CTC
 * model's token of the transcript, its forced alignment held (the first token by default).
 */
final class Targets {
  record Resolved(Target target, TargetScorer scorer) {}

  private Targets() {}

  static Resolved resolve(
      ServedModel model, LogMelFeatures features, Transcript transcript, Integer requested) {
    ModelManifest manifest = model.manifest();
    int frames = features.frames();
    int mels = features.melBins();
    OnnxModel first = model.graphs().get(0).serving();
    return switch (manifest.task()) {
      case VAD ->
          throw new IllegalArgumentException(
              "a speech detector's targets are its chunks, see VadExplainer");
      case CLASSIFICATION -> {
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
        yield new Resolved(
            new Target(index, labels.get(index), null),
            new ClassScorer(
                first,
                manifest.inputName("features"),
                manifest.outputName("logits"),
                index,
                frames,
                mels));
      }
      case SEQ2SEQ -> {
        int[] decoderInput = Explainer.decoderInput(manifest, transcript);
        int index = tokenIndex(requested, decoderInput.length - 1, transcript.text());
        int token = decoderInput[index + 1];
        TokenScorer.Names names =
            new TokenScorer.Names(
                manifest.inputName("features"),
                manifest.outputName("memory"),
                manifest.inputName("tokens"),
                manifest.inputName("memory"),
                manifest.outputName("logits"));
        yield new Resolved(
            new Target(index, manifest.vocabulary().get(token), decoderInput),
            new TokenScorer(
                first,
                model.graph("decoder").serving(),
                names,
                Arrays.copyOf(decoderInput, index + 1),
                token,
                frames,
                mels));
      }
      case CTC -> {
        String input = manifest.inputName("features");
        String logits = manifest.outputName("logits");
        FloatTensor output =
            first
                .run(
                    Map.of(input, new FloatTensor(features.values(), features.batchShape())),
                    Set.of(logits))
                .get(logits);
        // The transcript's own tokens, aligned as the transcriber aligns them for word times.
        int[] labels =
            words(transcript).stream().mapToInt(manifest.vocabulary()::indexOf).toArray();
        int index = tokenIndex(requested, labels.length, transcript.text());
        List<TokenSpan> spans =
            new CtcAligner(manifest.specialTokens().get("blank"))
                .align(
                    LogSoftmax.rows(
                        output.values(), (int) output.shape()[1], (int) output.shape()[2]),
                    labels);
        TokenSpan span = spans.get(index);
        yield new Resolved(
            new Target(index, manifest.vocabulary().get(span.token()), null),
            new CtcTokenScorer(
                first,
                input,
                logits,
                span.token(),
                span.firstFrame(),
                span.endFrame(),
                frames,
                mels));
      }
    };
  }

  private static int tokenIndex(Integer requested, int tokens, String text) {
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

  /** The transcript's words: the vocabulary entries the model emitted, special tokens aside. */
  static List<String> words(Transcript transcript) {
    return transcript.text().isEmpty() ? List.of() : List.of(transcript.text().split(" "));
  }
}
