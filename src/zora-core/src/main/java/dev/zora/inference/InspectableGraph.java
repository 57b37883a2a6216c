package dev.zora.inference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX file of a bundle, with the session that serves it and, built on first use, a second
 * session whose graph has every intermediate tensor as an output, so that any of them can be read.
 * The serving session stays untouched: ONNX Runtime cannot fuse the operators around a tensor that
 * is a graph output, so exposing everything would slow transcription down.
 */
public final class InspectableGraph implements AutoCloseable {
  private final String role;
  private final Path file;
  private final OnnxModel serving;
  private final OnnxRuntime runtime;
  private final Map<String, Long> constantInputs;
  private OnnxGraph graph;
  private OnnxModel exposed;

  /**
   * @param role what the file is in its bundle ({@code model}, {@code encoder}, {@code decoder})
   * @param serving the session transcription uses; its owner closes it, not this object
   * @param constantInputs int64 scalar inputs fed the same value on every run: the branches they
   *     decide are inlined, so the tensors inside them can be read too
   */
  public InspectableGraph(
      String role,
      Path file,
      OnnxModel serving,
      OnnxRuntime runtime,
      Map<String, Long> constantInputs) {
    this.role = role;
    this.file = file;
    this.serving = serving;
    this.runtime = runtime;
    this.constantInputs = Map.copyOf(constantInputs);
  }

  public String role() {
    return role;
  }

  public OnnxModel serving() {
    return serving;
  }

  /**
   * The graph as protobuf (with its constant branches inlined), read from the file on first use.
   */
  public synchronized OnnxGraph graph() {
    if (graph == null) {
      graph = OnnxGraph.read(file).withConstantBranchesInlined(constantInputs);
    }
    return graph;
  }

  /** Every float32 tensor of the graph that can be read: its inputs, outputs and intermediates. */
  public Set<String> readableTensors() {
    Set<String> names = new LinkedHashSet<>(serving.floatInputNames());
    names.addAll(exposed().floatOutputNames());
    return names;
  }

  /**
   * Runs the graph and returns the tensors asked for, on the serving session when it has them all
   * as outputs, else on the session that exposes every tensor. Graph inputs asked for are returned
   * as given.
   */
  public Map<String, FloatTensor> run(Map<String, ? extends Tensor> inputs, Set<String> tensors) {
    Set<String> computed = new LinkedHashSet<>(tensors);
    computed.removeAll(inputs.keySet());
    OnnxModel session = serving.outputNames().containsAll(computed) ? serving : exposed();
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (String name : tensors) {
      if (inputs.get(name) instanceof FloatTensor input) {
        out.put(name, input);
      }
    }
    if (!computed.isEmpty()) {
      out.putAll(session.run(inputs, computed));
    }
    return out;
  }

  /**
   * A session over the part of this graph that computes {@code output} from {@code input} alone.
   */
  public OnnxModel openBetween(String input, String output) {
    return runtime.open(graph().between(input, output));
  }

  private synchronized OnnxModel exposed() {
    if (exposed == null) {
      List<String> intermediates =
          graph().nodes().stream()
              .flatMap(n -> n.outputs().stream())
              .filter(name -> !name.isEmpty())
              .toList();
      exposed = runtime.open(graph().withOutputs(intermediates));
    }
    return exposed;
  }

  /** Closes the session this object opened; the serving one belongs to its transcriber. */
  @Override
  public synchronized void close() {
    if (exposed != null) {
      exposed.close();
    }
  }
}
