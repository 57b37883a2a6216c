package dev.zora.api.explain;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.naming.ExternalNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** How tensor values travel in JSON: little-endian IEEE floats, base64. */
public enum TensorEncoding {
  FLOAT32("float32"),
  /** Half the bytes; about three significant digits, enough to draw. */
  FLOAT16("float16");

  private final String apiName;

  TensorEncoding(String apiName) {
    this.apiName = apiName;
  }

  String apiName() {
    return apiName;
  }

  static TensorEncoding fromApiName(String name) {
    if (name == null || name.isBlank()) {
      return FLOAT32;
    }
    return ExternalNames.lookup(
        values(),
        TensorEncoding::apiName,
        name,
        "encoding",
        detail -> new ApiException(ProblemKind.BAD_REQUEST, detail));
  }

  String encode(float[] values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * (this == FLOAT32 ? 4 : 2))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (this == FLOAT32) {
        bytes.putFloat(v);
      } else {
        bytes.putShort(toHalf(v));
      }
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * IEEE 754 binary16, rounded to nearest, ties to even; too large gives infinity, too small zero.
   */
  public static short toHalf(float value) {
    int bits = Float.floatToIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int rawExponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (rawExponent == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
    }
    int exponent = rawExponent - 127 + 15;
    if (exponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (exponent <= 0) {
      if (exponent < -10) {
        return (short) sign;
      }
      // Subnormal half: the implicit bit becomes explicit and the value shifts into 10 bits.
      int full = mantissa | 0x800000;
      int shift = 14 - exponent;
      int half = full >> shift;
      int rest = full & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (exponent << 10) | (mantissa >> 13);
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++; // a carry into the exponent is the right rounding, up to infinity
    }
    return (short) (sign | half);
  }
}
