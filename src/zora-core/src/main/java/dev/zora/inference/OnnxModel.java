package dev.zora.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One ONNX graph loaded in a session. Safe to share across threads: ONNX Runtime sessions allow
 * concurrent {@code run} calls, and every run passes the runtime's gate. When batching is on and
 * the graph has one input whose first axis is named {@code batch}, single-item runs go through a
 * {@link MicroBatcher}, for the outputs whose first axis is the batch too.
 */
public final class OnnxModel implements AutoCloseable {
  /** The dimension name the recipe's exports give the batch axis (dynamic_axes {0: "batch"}). */
  private static final String BATCH_AXIS = "batch";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final RunGate gate;
  private final MicroBatcher batcher;
  private final Set<String> batchedOutputs;

  OnnxModel(
      OrtEnvironment environment,
      OrtSession session,
      RunGate gate,
      InferenceOptions options,
      BatchTally tally) {
    this.environment = environment;
    this.session = session;
    this.gate = gate;
    try {
      Set<String> batchInputs = namesWithBatchAxis(session.getInputInfo());
      boolean batchable =
          options.batching().isOn() && session.getNumInputs() == 1 && batchInputs.size() == 1;
      this.batcher =
          batchable
              ? new MicroBatcher(
                  this::runNow,
                  batchInputs.iterator().next(),
                  options.batching(),
                  options.maxConcurrentRuns(),
                  options.maxQueuedRuns(),
                  options.queueTimeout(),
                  tally)
              : null;
      this.batchedOutputs = batchable ? namesWithBatchAxis(session.getOutputInfo()) : Set.of();
    } catch (OrtException e) {
      throw new InferenceException(
          "reading the graph's inputs and outputs failed: " + e.getMessage(), e);
    }
  }

  /** The float tensors whose first axis is named {@code batch}. */
  private static Set<String> namesWithBatchAxis(Map<String, NodeInfo> values) {
    return floatNames(
        values,
        info ->
            info.getDimensionNames().length > 0 && BATCH_AXIS.equals(info.getDimensionNames()[0]));
  }

  public Set<String> inputNames() {
    return session.getInputNames();
  }

  public Set<String> outputNames() {
    return session.getOutputNames();
  }

  /** The inputs whose element type is float32. */
  public Set<String> floatInputNames() {
    try {
      return floatNames(session.getInputInfo(), info -> true);
    } catch (OrtException e) {
      throw new InferenceException("reading the graph's inputs failed: " + e.getMessage(), e);
    }
  }

  /** The outputs whose element type is float32, the ones {@link #run} can return. */
  public Set<String> floatOutputNames() {
    try {
      return floatNames(session.getOutputInfo(), info -> true);
    } catch (OrtException e) {
      throw new InferenceException("reading the graph's outputs failed: " + e.getMessage(), e);
    }
  }

  /** The float32 tensors among {@code values} that also meet {@code condition}, in graph order. */
  private static Set<String> floatNames(
      Map<String, NodeInfo> values, Predicate<TensorInfo> condition) {
    Set<String> names = new LinkedHashSet<>();
    for (Map.Entry<String, NodeInfo> value : values.entrySet()) {
      if (value.getValue().getInfo() instanceof TensorInfo info
          && info.type == OnnxJavaType.FLOAT
          && condition.test(info)) {
        names.add(value.getKey());
      }
    }
    return names;
  }

  /**
   * Runs the graph on typed inputs (float features, int64 token ids) and returns the requested
   * float outputs.
   *
   * @throws OverCapacityException when no run slot is free in time
   * @throws InferenceException when a name is unknown or ONNX Runtime fails
   */
  public Map<String, FloatTensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs) {
    checkNames(inputs, outputs);
    if (batcher != null
        && inputs.size() == 1
        && batchedOutputs.containsAll(outputs)
        && inputs.values().iterator().next() instanceof FloatTensor item
        && item.shapeView().length > 0
        && item.shapeView()[0] == 1) {
      return batcher.run(item, outputs);
    }
    return runNow(inputs, outputs);
  }

  private void checkNames(Map<String, ? extends Tensor> inputs, Set<String> outputs) {
    for (String name : inputs.keySet()) {
      if (!session.getInputNames().contains(name)) {
        throw new InferenceException(
            "unknown input name " + name + ", expected one of " + session.getInputNames());
      }
    }
    for (String name : outputs) {
      if (!session.getOutputNames().contains(name)) {
        throw new InferenceException(
            "unknown output name " + name + ", expected one of " + session.getOutputNames());
      }
    }
  }

  /** One session run, admitted by the gate. */
  private Map<String, FloatTensor> runNow(
      Map<String, ? extends Tensor> inputs, Set<String> outputs) {
    gate.acquire();
    Map<String, OnnxTensor> tensors = new HashMap<>();
    try {
      for (Map.Entry<String, ? extends Tensor> input : inputs.entrySet()) {
        tensors.put(input.getKey(), input.getValue().toOnnx(environment));
      }
      try (OrtSession.Result result = session.run(tensors, outputs)) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : outputs) {
          out.put(name, toFloatTensor(name, result.get(name).orElseThrow()));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new InferenceException("ONNX Runtime run failed: " + e.getMessage(), e);
    } finally {
      tensors.values().forEach(OnnxTensor::close);
      gate.release();
    }
  }

  private static FloatTensor toFloatTensor(String name, OnnxValue value) {
    if (!(value instanceof OnnxTensor tensor) || tensor.getFloatBuffer() == null) {
      throw new InferenceException(
          "output " + name + " is not a float32 tensor: " + value.getInfo());
    }
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return FloatTensor.wrapping(values, tensor.getInfo().getShape());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new InferenceException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
    }
  }
}
