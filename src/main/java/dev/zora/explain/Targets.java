package dev.zora.explain;

import dev.zora.decode.Classification;
import dev.zora.decode.CtcGreedyDecoder;
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
 * predicted one by default), an encoder-decoder's token of the transcript, teacher-forced, or a
 * CTC model's token of its best path, alignment held (the first token by default).
 */
final class Targets {
  record Resolved(Target target, TargetScorer scorer) {}

  private Targets() {}

  static Resolved resolve(ServedModel model, LogMelFeatures features, Transcript transcript,
      Integer requested) {
    ModelManifest manifest = model.manifest();
    int frames = features.frames();
    int mels = features.melBins();
    OnnxModel first = model.graphs().get(0).serving();
    return switch (manifest.task()) {
      case CLASSIFICATION -> {
        List<String> labels = manifest.labels();
        Classification classification = transcript.classification().orElseThrow();
        int index = requested != null ? requested : labels.indexOf(classification.label());
        if (index < 0 || index >= labels.size()) {
          throw new InvalidOptionException("target must be a class index from 0 to " + (labels.size() - 1)
              + " (" + String.join(", ", labels) + "), got " + index);
        }
        yield new Resolved(new Target(index, labels.get(index), null), new ClassScorer(first,
            manifest.inputName("features"), manifest.outputName("logits"), index, frames, mels));
      }
      case SEQ2SEQ -> {
        int[] decoderInput = Explainer.decoderInput(manifest, transcript);
        int index = tokenIndex(requested, decoderInput.length - 1, transcript.text());
        int token = decoderInput[index + 1];
        TokenScorer.Names names = new TokenScorer.Names(manifest.inputName("features"), manifest.outputName("memory"),
            manifest.inputName("tokens"), manifest.inputName("memory"), manifest.outputName("logits"));
        yield new Resolved(new Target(index, manifest.vocabulary().get(token), decoderInput),
            new TokenScorer(first, model.graph("decoder").serving(), names, Arrays.copyOf(decoderInput, index + 1),
                token, frames, mels));
      }
      case CTC -> {
        String input = manifest.inputName("features");
        String logits = manifest.outputName("logits");
        FloatTensor output = first.run(Map.of(input, new FloatTensor(features.values(), features.batchShape())),
            Set.of(logits)).get(logits);
        int vocabulary = manifest.vocabulary().size();
        List<CtcGreedyDecoder.Emission> path = new CtcGreedyDecoder(manifest.specialTokens().get("blank"))
            .decode(output.values(), (int) output.shape()[1], vocabulary).stream()
            .filter(e -> !isSpecial(manifest.vocabulary().get(e.token()))).toList();
        int index = tokenIndex(requested, path.size(), transcript.text());
        CtcGreedyDecoder.Emission emission = path.get(index);
        yield new Resolved(new Target(index, manifest.vocabulary().get(emission.token()), null),
            new CtcTokenScorer(first, input, logits, emission.token(), emission.firstFrame(), emission.endFrame(),
                frames, mels));
      }
    };
  }

  private static int tokenIndex(Integer requested, int tokens, String text) {
    int index = requested != null ? requested : 0;
    if (tokens == 0) {
      throw new NotExplainableException("the model heard no words in this audio, so there is no token to explain");
    }
    if (index < 0) {
      throw new InvalidOptionException("target must be a token position, 0 or more, got " + index);
    }
    if (index >= tokens) {
      throw new NotExplainableException("the transcript has no token at position " + index
          + "; target must be from 0 to " + (tokens - 1)
          + " of the transcript \"" + text + "\", got " + index);
    }
    return index;
  }

  private static boolean isSpecial(String token) {
    return token.startsWith("<") && token.endsWith(">");
  }
}
