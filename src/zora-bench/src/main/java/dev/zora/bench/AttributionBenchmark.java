package dev.zora.bench;

import dev.zora.explain.Attribution;
import dev.zora.explain.AttributionMethod;
import dev.zora.explain.AttributionOptions;
import dev.zora.explain.AttributionRequest;
import dev.zora.explain.Explainer;
import dev.zora.explain.Faithfulness;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.task.NotExplainableException;
import dev.zora.testing.FsddHeldOut;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The attribution measurements of docs/benchmarks.md (bench/attributions.sh runs it): on held-out
 * FSDD digit clips (file index 5-9), every classifier method's deletion and insertion AUC against a
 * random ordering, how often the map beats the random ordering on deletion and the evidence keep
 * rates; the same for the transformer's methods on the first clip of each speaker and digit (its
 * first token); and the cost of each method on a one-second clip.
 *
 * <p>Arguments: models folder, clips per speaker and digit (1-5; 0 measures the costs alone); the
 * recordings folder as the tests find it ({@link FsddHeldOut#recordings()}).
 */
public final class AttributionBenchmark {
  private static final List<AttributionMethod> CNN_METHODS =
      List.of(
          AttributionMethod.OCCLUSION,
          AttributionMethod.RISE,
          AttributionMethod.CAM,
          AttributionMethod.SCORE_CAM,
          AttributionMethod.KERNEL_SHAP);
  private static final List<AttributionMethod> SEQ2SEQ_METHODS =
      List.of(
          AttributionMethod.OCCLUSION,
          AttributionMethod.RISE,
          AttributionMethod.KERNEL_SHAP,
          AttributionMethod.ATTENTION,
          AttributionMethod.ATTENTION_ROLLOUT);

  private AttributionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args.length > 0 ? args[0] : "models");
    int perDigit = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path recordings = FsddHeldOut.recordings();
    List<Path> clips = FsddHeldOut.firstClips(perDigit);
    try (Zora zora = Zora.open(ZoraSettings.builder(models).build());
        Explainer explainer = new Explainer(zora, 30)) {
      if (perDigit > 0) {
        System.out.printf(
            "digits-cnn, %d held-out clips (index 5..%d) from %s:%n",
            clips.size(), 4 + perDigit, recordings);
        table(explainer, "digits-cnn", CNN_METHODS, clips);
        List<Path> firstClips = FsddHeldOut.firstClips(1);
        System.out.printf(
            "%ndigits-transformer, target token 0 of its transcript, %d clips (index 5):%n",
            firstClips.size());
        table(explainer, "digits-transformer", SEQ2SEQ_METHODS, firstClips);
      }
      timings(explainer, recordings);
    }
  }

  /** Faithfulness and evidence of each method over the clips, as a Markdown table. */
  private static void table(
      Explainer explainer, String model, List<AttributionMethod> methods, List<Path> clips)
      throws Exception {
    System.out.println(
        "| method | deletion AUC | random deletion AUC | beats random on deletion | insertion AUC"
            + " | random insertion AUC | evidence-only keeps the prediction | evidence-removed keeps the prediction |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (AttributionMethod method : methods) {
      double deletion = 0;
      double randomDeletion = 0;
      double insertion = 0;
      double randomInsertion = 0;
      int beats = 0;
      int kept = 0;
      int removed = 0;
      int n = 0;
      for (Path clip : clips) {
        Attribution a;
        try {
          a =
              explainer.attribute(
                  model,
                  Files.readAllBytes(clip),
                  new AttributionRequest(method, null, AttributionOptions.DEFAULTS, 20, 0.2));
        } catch (NotExplainableException e) {
          System.out.println("skipped " + clip.getFileName() + ": " + e.getMessage());
          continue;
        }
        n++;
        Faithfulness f = a.faithfulness();
        deletion += f.deletion().auc();
        randomDeletion += f.randomDeletion().auc();
        insertion += f.insertion().auc();
        randomInsertion += f.randomInsertion().auc();
        beats += f.deletion().auc() < f.randomDeletion().auc() ? 1 : 0;
        kept += a.evidence().kept().keepsPrediction() ? 1 : 0;
        removed += a.evidence().removed().keepsPrediction() ? 1 : 0;
      }
      System.out.printf(
          "| %s | %.3f | %.3f | %.1f%% | %.3f | %.3f | %.1f%% | %.1f%% |%n",
          method.apiName(),
          deletion / n,
          randomDeletion / n,
          100.0 * beats / n,
          insertion / n,
          randomInsertion / n,
          100.0 * kept / n,
          100.0 * removed / n);
    }
  }

  /** Median time of the map alone, over 20 runs after 5 warm-up runs, on a one-second clip. */
  private static void timings(Explainer explainer, Path recordings) throws Exception {
    byte[] oneSecond = oneSecondClip(recordings);
    System.out.println();
    System.out.println("| model | method | median ms (map only) |");
    System.out.println("| --- | --- | --- |");
    for (AttributionMethod method : CNN_METHODS) {
      System.out.printf(
          "| digits-cnn | %s | %.1f |%n",
          method.apiName(), median(explainer, "digits-cnn", method, oneSecond));
    }
    for (AttributionMethod method : SEQ2SEQ_METHODS) {
      System.out.printf(
          "| digits-transformer | %s | %.1f |%n",
          method.apiName(), median(explainer, "digits-transformer", method, oneSecond));
    }
  }

  private static double median(
      Explainer explainer, String model, AttributionMethod method, byte[] audio) {
    AttributionRequest request =
        new AttributionRequest(method, null, AttributionOptions.DEFAULTS, null, null);
    for (int i = 0; i < 5; i++) {
      explainer.attribute(model, audio, request);
    }
    double[] ms = new double[20];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = explainer.attribute(model, audio, request).attributionMillis();
    }
    Arrays.sort(ms);
    return (ms[9] + ms[10]) / 2;
  }

  /** A held-out clip padded or cut to exactly one second (8000 samples of 16-bit PCM). */
  private static byte[] oneSecondClip(Path recordings) throws Exception {
    byte[] wav = Files.readAllBytes(recordings.resolve("7_george_5.wav"));
    int dataBytes = 16000;
    byte[] out = new byte[44 + dataBytes];
    System.arraycopy(wav, 0, out, 0, 44);
    System.arraycopy(wav, 44, out, 44, Math.min(dataBytes, wav.length - 44));
    ByteBuffer header = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(4, 36 + dataBytes);
    header.putInt(40, dataBytes);
    return out;
  }
}
