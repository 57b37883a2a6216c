package dev.zora.inference;

import java.util.Arrays;

/** A dense float32 tensor: row-major values and their shape. Copies in and out. */
public final class FloatTensor {
  private final float[] values;
  private final long[] shape;

  public FloatTensor(float[] values, long[] shape) {
    long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
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

  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
