package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;

/** A dense float32 tensor: row-major values and their shape. Copies in and out. */
public final class FloatTensor extends Tensor {
  private final float[] values;

  public FloatTensor(float[] values, long[] shape) {
    super(shape, values.length);
    this.values = values.clone();
  }

  public float[] values() {
    return values.clone();
  }

  @Override
  OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shapeView());
  }
}
