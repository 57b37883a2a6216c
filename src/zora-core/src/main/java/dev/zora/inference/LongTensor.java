package dev.zora.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.LongBuffer;

/**
 * A dense int64 tensor (token ids, for a decoder): row-major values and their shape. Copies in and
 * out.
 */
public final class LongTensor extends Tensor {
  private final long[] values;

  public LongTensor(long[] values, long[] shape) {
    super(shape, values.length);
    this.values = values.clone();
  }

  public long[] values() {
    return values.clone();
  }

  @Override
  OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shapeView());
  }
}
