package dev.zora.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * The one ONNX Runtime environment of the process, the device choice, and the gate that bounds
 * concurrent runs over every model it opens.
 */
public final class OnnxRuntime {
  private static final Logger LOG = System.getLogger(OnnxRuntime.class.getName());

  private final OrtEnvironment environment;
  private final InferenceOptions options;
  private final Device device;
  private final RunGate gate;
  private final BatchTally batching = new BatchTally();

  public OnnxRuntime(InferenceOptions options) {
    this.environment = OrtEnvironment.getEnvironment();
    this.options = options;
    this.device = effectiveDevice(options.device());
    this.gate =
        new RunGate(options.maxConcurrentRuns(), options.maxQueuedRuns(), options.queueTimeout());
  }

  /** The device sessions actually run on: CUDA only when it was asked for and is usable. */
  /** Model runs executing now, over all models (at most {@code maxConcurrentRuns}). */
  public int runsInFlight() {
    return gate.running();
  }

  /** Model runs waiting for an inference slot now. */
  public int runsWaiting() {
    return gate.waiting();
  }

  /** How much cross-request batching happened, over every model this runtime opened. */
  public BatchTally batching() {
    return batching;
  }

  public Device device() {
    return device;
  }

  public InferenceOptions options() {
    return options;
  }

  /** Opens a session over an ONNX file; close the model to free its native memory. */
  public OnnxModel open(Path onnxFile) {
    try (OrtSession.SessionOptions sessionOptions = sessionOptions(device)) {
      return new OnnxModel(
          environment,
          environment.createSession(onnxFile.toString(), sessionOptions),
          gate,
          options,
          batching);
    } catch (OrtException e) {
      throw new InferenceException(
          "ONNX Runtime cannot load "
              + onnxFile.getFileName()
              + " (a damaged or unsupported ONNX file; the server log has the runtime's message)",
          e);
    }
  }

  /** Opens a session over a graph built in memory (an edited one); close the model to free it. */
  public OnnxModel open(OnnxGraph graph) {
    try (OrtSession.SessionOptions sessionOptions = sessionOptions(device)) {
      return new OnnxModel(
          environment,
          environment.createSession(graph.toBytes(), sessionOptions),
          gate,
          options,
          batching);
    } catch (OrtException e) {
      throw new InferenceException(
          "ONNX Runtime cannot load the graph with its named tensors exposed"
              + " (the server log has the runtime's message)",
          e);
    }
  }

  private OrtSession.SessionOptions sessionOptions(Device on) throws OrtException {
    OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
    try {
      sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.intraOpThreads() > 0) {
        sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        sessionOptions.setInterOpNumThreads(options.interOpThreads());
      }
      if (on == Device.CUDA) {
        sessionOptions.addCUDA(0);
      }
      return sessionOptions;
    } catch (OrtException | RuntimeException e) {
      sessionOptions.close();
      throw e;
    }
  }

  private Device effectiveDevice(Device requested) {
    if (requested == Device.CPU) {
      return Device.CPU;
    }
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      LOG.log(
          Level.WARNING,
          "zora.inference.device=cuda, but this ONNX Runtime build has no CUDA provider"
              + " (build with -Pcuda to get onnxruntime_gpu); running on CPU");
      return Device.CPU;
    }
    try (OrtSession.SessionOptions probe = sessionOptions(Device.CUDA)) {
      return Device.CUDA;
    } catch (OrtException e) {
      LOG.log(
          Level.WARNING,
          "zora.inference.device=cuda, but CUDA cannot be used ("
              + e.getMessage()
              + "); running on CPU");
      return Device.CPU;
    }
  }
}
