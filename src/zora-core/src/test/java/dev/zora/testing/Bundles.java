package dev.zora.testing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Copies of a bundle with its ONNX graph edited, for tests that need a model exported differently:
 * without intermediate outputs, or with its trained weights replaced by noise; and bundles removed.
 */
public final class Bundles {
  private Bundles() {}

  /**
   * Copies {@code bundle} (manifest, model card, graphs; not the goldens) into {@code modelsDir}
   * and rewrites its {@code file} graph.
   */
  public static Path copyWithEditedGraph(
      Path bundle, Path modelsDir, String file, UnaryOperator<ModelProto> edit) throws IOException {
    Path copy = modelsDir.resolve(bundle.getFileName());
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(bundle)) {
      for (Path source : files.filter(Files::isRegularFile).toList()) {
        Files.copy(source, copy.resolve(source.getFileName()));
      }
    }
    Path graph = copy.resolve(file);
    Files.write(graph, edit.apply(ModelProto.parseFrom(Files.readAllBytes(graph))).toByteArray());
    return copy;
  }

  /**
   * Deletes a bundle folder and everything in it, as a user removing a model does; absent is fine.
   */
  public static void delete(Path bundle) throws IOException {
    if (!Files.exists(bundle)) {
      return;
    }
    try (Stream<Path> files = Files.walk(bundle)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /**
   * The graph with only the outputs named in {@code keep}, as an exporter that adds no extra
   * outputs writes it.
   */
  public static UnaryOperator<ModelProto> onlyOutputs(Set<String> keep) {
    return model -> {
      GraphProto.Builder graph = model.getGraph().toBuilder().clearOutput();
      for (ValueInfoProto output : model.getGraph().getOutputList()) {
        if (keep.contains(output.getName())) {
          graph.addOutput(output);
        }
      }
      return model.toBuilder().setGraph(graph).build();
    };
  }

  /**
   * Every float weight replaced by Gaussian noise with the weight tensor's own mean and standard
   * deviation: the architecture and the scale stay, what training learned goes (the model
   * randomisation check of Adebayo et al., 2018).
   */
  public static UnaryOperator<ModelProto> randomWeights(long seed) {
    return model -> {
      Random random = new Random(seed);
      GraphProto.Builder graph = model.getGraph().toBuilder();
      for (int i = 0; i < graph.getInitializerCount(); i++) {
        TensorProto weight = graph.getInitializer(i);
        if (weight.getDataType() != TensorProto.DataType.FLOAT_VALUE
            || weight.getRawData().isEmpty()) {
          continue;
        }
        ByteBuffer raw = weight.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int n = raw.remaining() / 4;
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < n; k++) {
          float v = raw.getFloat(k * 4);
          sum += v;
          squares += v * v;
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, squares / n - mean * mean));
        ByteBuffer noise = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < n; k++) {
          noise.putFloat((float) (mean + std * random.nextGaussian()));
        }
        graph.setInitializer(i, weight.toBuilder().setRawData(ByteString.copyFrom(noise.array())));
      }
      return model.toBuilder().setGraph(graph).build();
    };
  }

  /**
   * The graph with a shape check in front: {@code input} ([batch, frames, bins]) is reshaped to
   * [batch, -1, 2, bins] and back, which ONNX Runtime can only do when the frame count is even. A
   * model that fails inside ONNX Runtime on some input lengths and works on the others.
   */
  public static UnaryOperator<ModelProto> failingOnOddFrames(String input, int bins) {
    return model -> {
      String paired = input + "_in_pairs";
      String checked = input + "_checked";
      GraphProto.Builder graph = model.getGraph().toBuilder();
      for (int i = 0; i < graph.getNodeCount(); i++) {
        NodeProto.Builder node = graph.getNode(i).toBuilder();
        for (int k = 0; k < node.getInputCount(); k++) {
          if (node.getInput(k).equals(input)) {
            node.setInput(k, checked);
          }
        }
        graph.setNode(i, node);
      }
      // Reshape's 0 copies the batch dimension from its input.
      graph.addInitializer(int64s(paired + "_shape", 0, -1, 2, bins));
      graph.addInitializer(int64s(checked + "_shape", 0, -1, bins));
      List<NodeProto> check =
          List.of(
              NodeProto.newBuilder()
                  .setOpType("Reshape")
                  .setName(paired)
                  .addInput(input)
                  .addInput(paired + "_shape")
                  .addOutput(paired)
                  .build(),
              NodeProto.newBuilder()
                  .setOpType("Reshape")
                  .setName(checked)
                  .addInput(paired)
                  .addInput(checked + "_shape")
                  .addOutput(checked)
                  .build());
      List<NodeProto> nodes = new ArrayList<>(check);
      nodes.addAll(graph.getNodeList());
      graph.clearNode().addAllNode(nodes);
      return model.toBuilder().setGraph(graph).build();
    };
  }

  private static TensorProto int64s(String name, long... values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long v : values) {
      tensor.addInt64Data(v);
    }
    return tensor.build();
  }
}
