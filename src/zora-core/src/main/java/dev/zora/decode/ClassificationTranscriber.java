package dev.zora.decode;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.OnnxModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One label per utterance: softmax over the graph's {@code logits [1, labels]}. The text is the
 * label, except for labels wrapped in underscores ({@code _silence_}, {@code _unknown_}), which say
 * that no word was heard and give an empty text.
 */
public final class ClassificationTranscriber implements Transcriber {
  private final OnnxModel model;
  private final String inputName;
  private final String outputName;
  private final List<String> labels;

  public ClassificationTranscriber(
      OnnxModel model, String inputName, String outputName, List<String> labels) {
    this.model = model;
    this.inputName = inputName;
    this.outputName = outputName;
    this.labels = List.copyOf(labels);
  }

  @Override
  public Transcript transcribe(LogMelFeatures features, double audioSeconds) {
    FloatTensor input = new FloatTensor(features.values(), features.batchShape());
    FloatTensor output = model.run(Map.of(inputName, input), Set.of(outputName)).get(outputName);
    float[] logits = output.values();
    if (logits.length != labels.size()) {
      throw new InferenceException(
          "output "
              + outputName
              + " has shape "
              + Arrays.toString(output.shape())
              + ", but the manifest lists "
              + labels.size()
              + " labels");
    }
    double[] probabilities = softmax(logits);
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    Map<String, Double> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byLabel.put(labels.get(i), probabilities[i]);
    }
    String label = labels.get(best);
    Classification classification = new Classification(label, probabilities[best], byLabel);
    String text = isNonSpeech(label) ? "" : label;
    List<Segment> segments =
        text.isEmpty()
            ? List.of()
            : List.of(new Segment(0, audioSeconds, text, probabilities[best]));
    // The utterance is one word, so its only segment is also its only word.
    return new Transcript(text, segments, segments, Optional.of(classification));
  }

  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static boolean isNonSpeech(String label) {
    return label.length() > 1 && label.startsWith("_") && label.endsWith("_");
  }

  @Override
  public void close() {
    model.close();
  }
}
