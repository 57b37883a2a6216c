package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;

/** A dense float32 tensor: row-major values and their shape. Copies in and out. */
public final class FloatTensor extends Tensor {
  private final float[] values;

  public FloatTensor(float[] values, long[] shape) {
    this(shape, values.clone());
  }

  private FloatTensor(long[] shape, float[] ownValues) {
    super(shape, ownValues.length);
    this.values = ownValues;
  }

  /** A tensor over values nobody else holds, without the defensive copy. */
  static FloatTensor wrapping(float[] ownValues, long[] shape) {
    return new FloatTensor(shape, ownValues);
  }

  public float[] values() {
    return values.clone();
  }

  /** The number of values. */
  int size() {
    return values.length;
  }

  void copyInto(float[] target, int offset) {
    System.arraycopy(values, 0, target, offset, values.length);
  }

  /** {@code length} values from {@code offset}, as a tensor of {@code shape}. */
  FloatTensor slice(int offset, int length, long[] shape) {
    float[] part = new float[length];
    System.arraycopy(values, offset, part, 0, length);
    return wrapping(part, shape);
  }

  @Override
  OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shapeView());
  }
}
