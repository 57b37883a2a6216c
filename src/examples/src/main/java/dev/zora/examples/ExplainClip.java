package dev.zora.examples;

import dev.zora.explain.Attribution;
import dev.zora.explain.AttributionMap;
import dev.zora.explain.AttributionMethod;
import dev.zora.explain.AttributionOptions;
import dev.zora.explain.AttributionRequest;
import dev.zora.explain.Explainer;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Asks why a model heard what it heard: an occlusion map over the clip's log-mel spectrogram,
 * checked for faithfulness (deleting the cells it ranks first must lower the score faster than
 * deleting cells at random), and the stretch of time it leans on most:
 *
 * <pre>java ... dev.zora.examples.ExplainClip models digits-cnn clip.wav</pre>
 */
public final class ExplainClip {
  /** Explained audio is held whole; longer clips are refused. */
  private static final double MAX_SECONDS = 30;

  private ExplainClip() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: ExplainClip <models-folder> <model-id> <audio-file>");
      System.exit(2);
    }
    Attribution why = explain(Path.of(args[0]), args[1], Path.of(args[2]));
    System.out.printf(
        "heard \"%s\" (p=%.2f); occlusion map %d frames x %d mel bins%n",
        why.prediction(), why.targetProbability(), why.map().frames(), why.map().melBins());
    System.out.printf(
        "deletion AUC %.3f against %.3f for a random order (lower is more faithful)%n",
        why.faithfulness().deletion().auc(), why.faithfulness().randomDeletion().auc());
    System.out.printf(
        "the model leans most on frame %d of %d%n", strongestFrame(why.map()), why.map().frames());
  }

  /**
   * An occlusion attribution of the model's prediction for the clip, with its faithfulness curves.
   */
  public static Attribution explain(Path models, String modelId, Path file) throws IOException {
    try (Zora zora = Zora.open(ZoraSettings.builder(models).build());
        Explainer explainer = new Explainer(zora, MAX_SECONDS)) {
      return explainer.attribute(
          modelId,
          Files.readAllBytes(file),
          new AttributionRequest(
              AttributionMethod.OCCLUSION, null, AttributionOptions.DEFAULTS, 20, null));
    }
  }

  /** The frame whose cells add up to the most attribution. */
  static int strongestFrame(AttributionMap map) {
    float[] values = map.values();
    int best = 0;
    double bestSum = Double.NEGATIVE_INFINITY;
    for (int frame = 0; frame < map.frames(); frame++) {
      double sum = 0;
      for (int bin = 0; bin < map.melBins(); bin++) {
        sum += values[frame * map.melBins() + bin];
      }
      if (sum > bestSum) {
        bestSum = sum;
        best = frame;
      }
    }
    return best;
  }
}
