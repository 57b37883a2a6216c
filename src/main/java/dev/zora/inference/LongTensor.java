package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.LongBuffer;
import java.util.Arrays;

/** A dense int64 tensor (token ids, for a decoder): row-major values and their shape. Copies in and out. */
public final class LongTensor extends Tensor {
  private final long[] values;
  private final long[] shape;

  public LongTensor(long[] values, long[] shape) {
    long count = count(shape);
    if (count != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
          + " values, but " + values.length + " were given");
    }
    this.values = values.clone();
    this.shape = shape.clone();
  }

  public long[] values() {
    return values.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
  }

  @Override
  public String toString() {
    return "LongTensor" + Arrays.toString(shape);
  }
}
