package dev.zora.explain;

import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.frontend.LogMelSpec;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InspectableGraph;
import dev.zora.inference.OnnxGraph;
import dev.zora.model.ModelManifest;
import dev.zora.task.ServedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every readable tensor of a model's graphs, with its shape and time axis found by running the
 * graphs on one second of silence and on 256 frames more: the axes whose size changes are time, and
 * how much they change gives the frames per step. Shapes come from the runs, not from the graph's
 * own annotations, which exporters often leave out.
 */
final class LayerCatalog {
  private static final String INPUT = "Input";
  private static final int PROBE_EXTRA_FRAMES = 256;

  private LayerCatalog() {}

  static List<LayerInfo> probe(ServedModel model) {
    ModelManifest manifest = model.manifest();
    LogMelSpec spec = model.frontEnd().spec();
    int rate = spec.sampleRate();
    int samples = Math.max(rate, model.minSamples());
    LogMelFeatures short1 = model.frontEnd().extract(new float[samples]);
    // 256 frames more: a power of two, so strides of 2, 4, 8 ... come out exact despite flooring.
    LogMelFeatures long2 =
        model.frontEnd().extract(new float[samples + PROBE_EXTRA_FRAMES * spec.hopSamples()]);
    // A decoder is probed on start-of-sentence alone: the transcript of no words.
    Transcript none = new Transcript("", List.of(), List.of(), Optional.empty());
    Map<String, ModelManifest.Layer> named = new HashMap<>();
    manifest.layers().forEach(l -> named.put(l.tensor(), l));
    List<LayerInfo> layers = new ArrayList<>();
    for (InspectableGraph graph : model.graphs()) {
      Map<String, String> opTypes = new HashMap<>();
      for (OnnxGraph.Node node : graph.graph().nodes()) {
        node.outputs().forEach(o -> opTypes.put(o, node.opType()));
      }
      Map<String, FloatTensor> first =
          graph.run(
              model.transcribingTask().feeds(model, graph.role(), short1, none),
              graph.readableTensors());
      Map<String, FloatTensor> second =
          graph.run(
              model.transcribingTask().feeds(model, graph.role(), long2, none),
              graph.readableTensors());
      for (Map.Entry<String, FloatTensor> entry : first.entrySet()) {
        String tensor = entry.getKey();
        long[] shape = entry.getValue().shape();
        long[] longer = second.get(tensor).shape();
        Integer timeAxis = null;
        Double framesPerStep = null;
        for (int axis = 0; axis < shape.length && axis < longer.length; axis++) {
          if (shape[axis] != longer[axis]) {
            timeAxis = axis;
            framesPerStep =
                (long2.frames() - short1.frames()) / (double) (longer[axis] - shape[axis]);
            break;
          }
        }
        ModelManifest.Layer layer = named.get(tensor);
        boolean sameFile =
            layer != null && (layer.file() == null || layer.file().equals(graph.role()));
        layers.add(
            new LayerInfo(
                graph.role(),
                tensor,
                opTypes.getOrDefault(tensor, INPUT),
                shape,
                timeAxis,
                framesPerStep,
                sameFile ? layer.title() : null,
                sameFile ? layer.kind() : null,
                sameFile ? layer.layout() : null));
      }
    }
    return List.copyOf(layers);
  }
}
