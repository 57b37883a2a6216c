package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** A dense float32 tensor: row-major values and their shape. Copies in and out. */
public final class FloatTensor extends Tensor {
  private final float[] values;
  private final long[] shape;

  public FloatTensor(float[] values, long[] shape) {
    long count = count(shape);
    if (count != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
          + " values, but " + values.length + " were given");
    }
    this.values = values.clone();
    this.shape = shape.clone();
  }

  public float[] values() {
    return values.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
