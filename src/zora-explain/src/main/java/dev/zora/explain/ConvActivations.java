package dev.zora.explain;

import dev.zora.inference.FloatTensor;
import dev.zora.inference.InspectableGraph;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import dev.zora.task.InvalidOptionException;
import dev.zora.task.NotExplainableException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier's convolutional layer on the explained input, {@code [1, channels, steps, bands]}
 * (layout NCTF: time then frequency), the input of CAM and Score-CAM.
 *
 * @param values row-major {@code [channels][steps][bands]}
 */
record ConvActivations(String tensor, int channels, int steps, int bands, float[] values) {
  private static final String LAYOUT = "NCTF";

  /**
   * Reads {@code layer}, or when null the last layer the manifest lists with layout NCTF.
   *
   * @throws NotExplainableException for a model that is not a classifier, or a layer not of rank 4
   */
  static ConvActivations read(Explained subject, String layer) {
    ModelManifest manifest = subject.model().manifest();
    if (manifest.task() != Task.CLASSIFICATION) {
      throw new NotExplainableException(
          "CAM and Score-CAM explain classifiers with a convolutional layer;"
              + " "
              + manifest.id()
              + " is a "
              + manifest.task().manifestName()
              + " model");
    }
    String tensor = layer != null ? layer : defaultLayer(manifest);
    InspectableGraph graph = subject.model().graph("model");
    if (!graph.readableTensors().contains(tensor)) {
      throw new InvalidOptionException(
          "the graph has no float tensor named "
              + tensor
              + "; GET /v1/models/"
              + manifest.id()
              + "/layers lists them");
    }
    String input = manifest.inputName("features");
    FloatTensor features = new FloatTensor(subject.input(), subject.features().batchShape());
    FloatTensor activations = graph.run(Map.of(input, features), Set.of(tensor)).get(tensor);
    long[] shape = activations.shape();
    if (shape.length != 4 || shape[0] != 1) {
      throw new NotExplainableException(
          "layer "
              + tensor
              + " has shape "
              + Arrays.toString(shape)
              + "; CAM and Score-CAM need [batch, channels, time, frequency]");
    }
    return new ConvActivations(
        tensor, (int) shape[1], (int) shape[2], (int) shape[3], activations.values());
  }

  private static String defaultLayer(ModelManifest manifest) {
    List<ModelManifest.Layer> convolutional =
        manifest.layers().stream().filter(l -> LAYOUT.equals(l.layout())).toList();
    if (convolutional.isEmpty()) {
      throw new NotExplainableException(
          manifest.id()
              + " lists no layer with layout "
              + LAYOUT
              + "; name one with the layer parameter");
    }
    return convolutional.get(convolutional.size() - 1).tensor();
  }

  /** Channel {@code c}'s {@code [steps][bands]} plane. */
  float[] channel(int c) {
    return Arrays.copyOfRange(values, c * steps * bands, (c + 1) * steps * bands);
  }
}
