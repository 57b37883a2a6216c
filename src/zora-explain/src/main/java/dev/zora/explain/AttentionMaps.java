package dev.zora.explain;

import dev.zora.inference.FloatTensor;
import dev.zora.inference.LongTensor;
import dev.zora.inference.Tensor;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import dev.zora.task.InvalidOptionException;
import dev.zora.task.NotExplainableException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attention maps of an encoder-decoder model for one token of its hypothesis, decoder
 * teacher-forced on the whole hypothesis. {@code attention}: the token's cross-attention over
 * encoder frames (the last cross-attention layer the manifest lists, or {@code layer}), averaged
 * over heads. {@code rollout} (Abnar and Zuidema, 2020): that row carried back through the
 * encoder's self-attention layers, each averaged over heads, mixed half and half with the identity
 * for the residual path and renormalised, so it lands on the encoder's input frames. Attention has
 * no frequency axis: every mel bin of a frame gets the frame's value, and encoder frame {@code j}
 * covers input frames {@code j * subsampling} onwards.
 */
final class AttentionMaps implements Attributor {
  private static final String CROSS_ATTENTION = "cross-attention";
  private static final String SELF_ATTENTION = "attention";

  private final boolean rollout;

  AttentionMaps(boolean rollout) {
    this.rollout = rollout;
  }

  @Override
  public AttributionMap attribute(Explained subject, AttributionOptions options) {
    ModelManifest manifest = subject.model().manifest();
    if (manifest.task() != Task.SEQ2SEQ) {
      throw new NotExplainableException(
          "attention maps explain encoder-decoder models; "
              + manifest.id()
              + " is a "
              + manifest.task().manifestName()
              + " model");
    }
    String cross =
        options.layer() != null ? options.layer() : lastLayer(manifest, CROSS_ATTENTION, "decoder");
    List<String> selfAttention = rollout ? layers(manifest, SELF_ATTENTION, "encoder") : List.of();
    if (rollout && selfAttention.isEmpty()) {
      throw new NotExplainableException(
          manifest.id()
              + " lists no encoder self-attention layer (kind \"attention\")"
              + " to roll out through");
    }
    String memoryOut = manifest.outputName("memory");
    Set<String> encoderOutputs = new LinkedHashSet<>(selfAttention);
    encoderOutputs.add(memoryOut);
    Map<String, FloatTensor> encoded =
        subject
            .model()
            .graph("encoder")
            .run(
                Map.of(
                    manifest.inputName("features"),
                    new FloatTensor(subject.input(), subject.features().batchShape())),
                encoderOutputs);
    FloatTensor memory = encoded.get(memoryOut);
    int encoderFrames = (int) memory.shape()[1];
    int[] decoderInput = subject.target().decoderInput();
    long[] tokens = Arrays.stream(decoderInput).asLongStream().toArray();
    Map<String, Tensor> decoderInputs =
        Map.of(
            manifest.inputName("tokens"),
            new LongTensor(tokens, new long[] {1, tokens.length}),
            manifest.inputName("memory"),
            memory);
    if (!subject.model().graph("decoder").readableTensors().contains(cross)) {
      throw new InvalidOptionException(
          "the decoder has no float tensor named "
              + cross
              + "; GET /v1/models/"
              + manifest.id()
              + "/layers lists them");
    }
    FloatTensor attention =
        subject.model().graph("decoder").run(decoderInputs, Set.of(cross)).get(cross);
    double[][] crossRows = headMean(attention, encoderFrames, cross);
    if (subject.target().index() >= crossRows.length) {
      throw new NotExplainableException(
          cross
              + " has "
              + crossRows.length
              + " steps, none for token "
              + subject.target().index());
    }
    double[] row = crossRows[subject.target().index()];
    for (int l = selfAttention.size() - 1; l >= 0; l--) {
      row = throughLayer(row, encoded.get(selfAttention.get(l)), encoderFrames);
    }
    int subsampling = manifest.subsampling() == null ? 1 : manifest.subsampling();
    float[] map = new float[subject.frames() * subject.melBins()];
    for (int t = 0; t < subject.frames(); t++) {
      int j = Math.min(t / subsampling, encoderFrames - 1);
      Arrays.fill(map, t * subject.melBins(), (t + 1) * subject.melBins(), (float) row[j]);
    }
    return new AttributionMap(subject.frames(), subject.melBins(), map);
  }

  /**
   * A {@code [1, heads, queries, keys]} attention tensor averaged over heads: {@code
   * [queries][keys]}.
   */
  private static double[][] headMean(FloatTensor attention, int keys, String name) {
    long[] shape = attention.shape();
    if (shape.length != 4 || shape[0] != 1 || shape[3] != keys) {
      throw new NotExplainableException(
          name
              + " has shape "
              + Arrays.toString(shape)
              + ", expected [1, heads, queries, "
              + keys
              + "]");
    }
    float[] values = attention.values();
    int heads = (int) shape[1];
    int queries = (int) shape[2];
    double[][] mean = new double[queries][keys];
    for (int h = 0; h < heads; h++) {
      for (int q = 0; q < queries; q++) {
        for (int k = 0; k < keys; k++) {
          mean[q][k] += values[(h * queries + q) * keys + k] / (double) heads;
        }
      }
    }
    return mean;
  }

  /**
   * {@code row} (over a layer's output frames) carried to the layer's input frames through {@code
   * 0.5 A + 0.5 I}, rows renormalised.
   */
  private static double[] throughLayer(double[] row, FloatTensor selfAttention, int frames) {
    double[][] attention = headMean(selfAttention, frames, "encoder self-attention");
    double[] out = new double[frames];
    for (int i = 0; i < frames; i++) {
      double sum = 0;
      for (int j = 0; j < frames; j++) {
        attention[i][j] = 0.5 * attention[i][j] + (i == j ? 0.5 : 0);
        sum += attention[i][j];
      }
      for (int j = 0; j < frames; j++) {
        out[j] += row[i] * attention[i][j] / sum;
      }
    }
    return out;
  }

  private static String lastLayer(ModelManifest manifest, String kind, String file) {
    List<String> named = layers(manifest, kind, file);
    if (named.isEmpty()) {
      throw new NotExplainableException(
          manifest.id()
              + " lists no "
              + kind
              + " layer in its "
              + file
              + "; name one with the layer parameter");
    }
    return named.get(named.size() - 1);
  }

  private static List<String> layers(ModelManifest manifest, String kind, String file) {
    return manifest.layers().stream()
        .filter(l -> kind.equals(l.kind()) && file.equals(l.file()))
        .map(ModelManifest.Layer::tensor)
        .toList();
  }
}
