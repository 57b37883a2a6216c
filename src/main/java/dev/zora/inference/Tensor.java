package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.Arrays;

/**
 * A dense row-major tensor a graph can take as input. Sealed so that each element type ONNX
 * Runtime is fed through one place: its own subclass builds the native tensor.
 */
public abstract sealed class Tensor permits FloatTensor, LongTensor {

  public abstract long[] shape();

  /** The native copy for one run; the caller closes it. */
  abstract OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException;

  static long count(long[] shape) {
    return Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }
}
