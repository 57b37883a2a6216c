package dev.zora.inference;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ONNX graph as protobuf, for the edits ONNX Runtime's Java API cannot make: exposing
 * intermediate tensors as outputs, and cutting out the part of a graph between two tensors.
 * Immutable; every edit returns a new graph.
 */
public final class OnnxGraph {
  /** One operator of the graph: what it computes and the tensors it reads and writes. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  private final ModelProto model;

  private OnnxGraph(ModelProto model) {
    this.model = model;
  }

  public static OnnxGraph read(Path onnxFile) {
    try {
      return new OnnxGraph(ModelProto.parseFrom(Files.readAllBytes(onnxFile)));
    } catch (InvalidProtocolBufferException e) {
      throw new InferenceException(
          onnxFile.getFileName() + " is not an ONNX model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + onnxFile + " failed", e);
    }
  }

  public byte[] toBytes() {
    return model.toByteArray();
  }

  public List<Node> nodes() {
    return model.getGraph().getNodeList().stream()
        .map(
            n ->
                new Node(
                    n.getName(),
                    n.getOpType(),
                    List.copyOf(n.getInputList()),
                    List.copyOf(n.getOutputList())))
        .toList();
  }

  private List<String> inputNames() {
    Set<String> initializers = initializerNames();
    // Old exporters list initializers among the inputs too; those are weights, not inputs.
    return model.getGraph().getInputList().stream()
        .map(ValueInfoProto::getName)
        .filter(name -> !initializers.contains(name))
        .toList();
  }

  private List<String> outputNames() {
    return model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
  }

  private Set<String> initializerNames() {
    Set<String> names = new HashSet<>();
    model.getGraph().getInitializerList().forEach(t -> names.add(t.getName()));
    return names;
  }

  /**
   * The graph with {@code tensors} added to its outputs (the ones it has stay first). A name-only
   * output is enough: ONNX Runtime infers its type and shape when it builds the session.
   */
  public OnnxGraph withOutputs(Collection<String> tensors) {
    Set<String> produced = new HashSet<>(inputNames());
    model.getGraph().getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
    GraphProto.Builder graph = model.getGraph().toBuilder();
    Set<String> present = new HashSet<>(outputNames());
    for (String tensor : new LinkedHashSet<>(tensors)) {
      if (!produced.contains(tensor)) {
        throw new InferenceException("the graph has no tensor named " + tensor);
      }
      if (present.add(tensor)) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(tensor));
      }
    }
    return new OnnxGraph(model.toBuilder().setGraph(graph).build());
  }

  /**
   * The part of the graph that computes {@code output} from {@code input} alone: {@code input}
   * becomes the only graph input (float32), {@code output} the only output, and only the nodes and
   * weights on the way stay.
   *
   * @throws InferenceException when {@code output} also depends on another graph input
   */
  public OnnxGraph between(String input, String output) {
    GraphProto graph = model.getGraph();
    Map<String, NodeProto> producers = new HashMap<>();
    graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
    Set<String> initializers = initializerNames();
    Set<NodeProto> kept = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(output));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String tensor = pending.pop();
      if (!seen.add(tensor)
          || tensor.equals(input)
          || tensor.isEmpty()
          || initializers.contains(tensor)) {
        continue;
      }
      NodeProto producer = producers.get(tensor);
      if (producer == null) {
        throw new InferenceException(output + " depends on " + tensor + ", not only on " + input);
      }
      kept.add(producer);
      pending.addAll(producer.getInputList());
    }
    if (!seen.contains(input)) {
      throw new InferenceException(output + " does not depend on " + input);
    }
    GraphProto.Builder cut =
        graph.toBuilder()
            .clearNode()
            .clearInput()
            .clearOutput()
            .clearInitializer()
            .clearValueInfo();
    // Keep the original topological order.
    graph.getNodeList().stream().filter(kept::contains).forEach(cut::addNode);
    Set<String> used = new HashSet<>();
    kept.forEach(n -> used.addAll(n.getInputList()));
    for (TensorProto weight : graph.getInitializerList()) {
      if (used.contains(weight.getName())) {
        cut.addInitializer(weight);
      }
    }
    TypeProto floatTensor =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))
            .build();
    cut.addInput(ValueInfoProto.newBuilder().setName(input).setType(floatTensor));
    cut.addOutput(ValueInfoProto.newBuilder().setName(output));
    return new OnnxGraph(model.toBuilder().setGraph(cut).build());
  }

  /**
   * The graph with every {@code If} whose condition follows from {@code constantInputs} (inputs fed
   * the same int64 scalar on every run, such as Silero's {@code sr}) replaced by the branch it
   * takes, so that the tensors inside that branch become tensors of the graph, which can be exposed
   * as outputs. Conditions are followed through {@code Constant} and {@code Equal} nodes; any other
   * {@code If} stays as it is.
   *
   * @throws InferenceException when a branch's tensor names clash with the graph's
   */
  public OnnxGraph withConstantBranchesInlined(Map<String, Long> constantInputs) {
    if (constantInputs.isEmpty()) {
      return this;
    }
    GraphProto graph = model.getGraph();
    Map<String, Long> known = new HashMap<>(constantInputs);
    Set<String> names = new HashSet<>(inputNames());
    graph.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
    GraphProto.Builder inlined = graph.toBuilder().clearNode();
    Deque<NodeProto> pending = new ArrayDeque<>(graph.getNodeList());
    while (!pending.isEmpty()) {
      NodeProto node = pending.removeFirst();
      Long condition = node.getOpType().equals("If") ? known.get(node.getInput(0)) : null;
      if (condition == null) {
        inlined.addNode(node);
        evaluateScalar(node, known);
        continue;
      }
      GraphProto branch =
          node.getAttributeList().stream()
              .filter(a -> a.getName().equals(condition != 0 ? "then_branch" : "else_branch"))
              .findFirst()
              .orElseThrow(
                  () -> new InferenceException("If node " + node.getName() + " has no branch"))
              .getG();
      for (NodeProto inner : branch.getNodeList()) {
        for (String output : inner.getOutputList()) {
          if (!output.isEmpty() && !names.add(output)) {
            throw new InferenceException(
                "cannot inline "
                    + node.getName()
                    + ": its tensor "
                    + output
                    + " clashes with one of the graph");
          }
        }
      }
      inlined.addAllInitializer(branch.getInitializerList());
      Deque<NodeProto> replacement = new ArrayDeque<>(branch.getNodeList());
      for (int i = 0; i < node.getOutputCount(); i++) {
        replacement.add(
            NodeProto.newBuilder()
                .setOpType("Identity")
                .setName(node.getName() + "_inlined_" + i)
                .addInput(branch.getOutput(i).getName())
                .addOutput(node.getOutput(i))
                .build());
      }
      // Branch nodes go through the same loop, so an If nested in the branch is resolved too.
      while (!replacement.isEmpty()) {
        pending.addFirst(replacement.removeLast());
      }
    }
    return new OnnxGraph(model.toBuilder().setGraph(inlined).build());
  }

  /** Records the int64 scalar a Constant or Equal node computes, when its inputs are known. */
  private static void evaluateScalar(NodeProto node, Map<String, Long> known) {
    if (node.getOpType().equals("Constant") && node.getOutputCount() == 1) {
      node.getAttributeList().stream()
          .filter(a -> a.getName().equals("value"))
          .findFirst()
          .flatMap(a -> int64Scalar(a.getT()))
          .ifPresent(v -> known.put(node.getOutput(0), v));
    } else if (node.getOpType().equals("Equal")
        && node.getInputCount() == 2
        && known.containsKey(node.getInput(0))
        && known.containsKey(node.getInput(1))) {
      known.put(
          node.getOutput(0),
          known.get(node.getInput(0)).equals(known.get(node.getInput(1))) ? 1L : 0L);
    }
  }

  private static Optional<Long> int64Scalar(TensorProto tensor) {
    if (tensor.getDataType() != TensorProto.DataType.INT64_VALUE
        || tensor.getDimsList().stream().anyMatch(d -> d != 1)) {
      return Optional.empty();
    }
    if (tensor.getInt64DataCount() == 1) {
      return Optional.of(tensor.getInt64Data(0));
    }
    if (tensor.getRawData().size() == Long.BYTES) {
      return Optional.of(
          tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
    return Optional.empty();
  }
}
