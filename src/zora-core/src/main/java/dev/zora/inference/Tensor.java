package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.Arrays;

/**
 * A dense row-major tensor a graph can take as input. Sealed so that each element type ONNX Runtime
 * is fed through one place: its own subclass builds the native tensor. The shape, and the check
 * that it fits the values, live here once.
 */
public abstract sealed class Tensor permits FloatTensor, LongTensor {
  private final long[] shape;

  Tensor(long[] shape, int valueCount) {
    long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (count != valueCount) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " values, but "
              + valueCount
              + " were given");
    }
    this.shape = shape.clone();
  }

  public long[] shape() {
    return shape.clone();
  }

  /** The shape as given, without a copy, for building the native tensor. */
  long[] shapeView() {
    return shape;
  }

  /** The native copy for one run; the caller closes it. */
  abstract OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException;

  @Override
  public String toString() {
    return getClass().getSimpleName() + Arrays.toString(shape);
  }
}
