package dev.zora.decode;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CTC models ({@code logits [1, encoderFrames, vocabulary]}): best-path decoding at beam width 1,
 * prefix beam search above it. The vocabulary is taken as words, joined with spaces; special tokens
 * (the blank, and any token written {@code <like-this>}) never reach the text. Word times come from
 * the frames each word occupies (its run in the best path, or its span in the forced alignment of
 * the beam's transcript), {@code subsampling} front-end frames per encoder frame.
 */
public final class CtcTranscriber implements Transcriber {
  private final OnnxModel model;
  private final String inputName;
  private final String outputName;
  private final List<String> vocabulary;
  private final int subsampling;
  private final CtcGreedyDecoder greedy;
  private final CtcPrefixBeamSearch beamSearch;
  private final CtcAligner aligner;

  public CtcTranscriber(
      OnnxModel model,
      String inputName,
      String outputName,
      List<String> vocabulary,
      int blank,
      int subsampling,
      int beamWidth) {
    this.model = model;
    this.inputName = inputName;
    this.outputName = outputName;
    this.vocabulary = List.copyOf(vocabulary);
    this.subsampling = subsampling;
    this.greedy = new CtcGreedyDecoder(blank);
    this.beamSearch = beamWidth > 1 ? new CtcPrefixBeamSearch(blank, beamWidth) : null;
    this.aligner = new CtcAligner(blank);
  }

  @Override
  public Transcript transcribe(LogMelFeatures features, double audioSeconds) {
    FloatTensor input = new FloatTensor(features.values(), features.batchShape());
    FloatTensor output = model.run(Map.of(inputName, input), Set.of(outputName)).get(outputName);
    long[] shape = output.shape();
    if (shape.length != 3 || shape[0] != 1 || shape[2] != vocabulary.size()) {
      throw new InferenceException(
          "output "
              + outputName
              + " has shape "
              + Arrays.toString(shape)
              + ", expected [1, frames, "
              + vocabulary.size()
              + "] (the vocabulary size)");
    }
    double secondsPerEncoderFrame = subsampling * features.secondsPerFrame();
    List<Segment> words = new ArrayList<>();
    for (TokenSpan e : spans(output.values(), (int) shape[1])) {
      String token = vocabulary.get(e.token());
      if (token.startsWith("<") && token.endsWith(">")) {
        continue;
      }
      words.add(
          new Segment(
              e.firstFrame() * secondsPerEncoderFrame,
              Math.min(audioSeconds, e.endFrame() * secondsPerEncoderFrame),
              token,
              e.confidence()));
    }
    String text = String.join(" ", words.stream().map(Segment::text).toList());
    List<Segment> segments =
        words.isEmpty()
            ? List.of()
            : List.of(
                new Segment(
                    words.get(0).startSeconds(),
                    words.get(words.size() - 1).endSeconds(),
                    text,
                    words.stream().mapToDouble(Segment::confidence).average().orElseThrow()));
    return new Transcript(text, segments, words, Optional.empty());
  }

  private List<TokenSpan> spans(float[] logits, int frames) {
    if (beamSearch == null) {
      return greedy.decode(logits, frames, vocabulary.size());
    }
    double[][] logProbs = LogSoftmax.rows(logits, frames, vocabulary.size());
    return aligner.align(logProbs, beamSearch.search(logProbs));
  }

  @Override
  public void close() {
    model.close();
  }
}
