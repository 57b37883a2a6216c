package dev.zora.api.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TensorEncodingTest {
  private static int half(float value) {
    return TensorEncoding.toHalf(value) & 0xffff;
  }

  @Test
  void halvesAreTheIeeeBinary16BitPatterns() {
    assertEquals(0x3c00, half(1f));
    assertEquals(0xc000, half(-2f));
    assertEquals(0x0000, half(0f));
    assertEquals(0x8000, half(-0f));
    assertEquals(0x7bff, half(65504f), "largest finite half");
    assertEquals(0x7c00, half(1e6f), "overflow is infinity");
    assertEquals(0x7c00, half(Float.POSITIVE_INFINITY));
    assertEquals(0x7e00, half(Float.NaN));
    assertEquals(0x2e66, half(0.1f));
    assertEquals(0x0400, half(6.103515625e-5f), "smallest normal");
    assertEquals(0x0001, half(5.9604645e-8f), "smallest subnormal");
    assertEquals(0x0000, half(1e-9f), "underflow is zero");
    assertEquals(0x3c00, half(1f + 0x1p-11f), "a tie rounds to the even neighbour");
    assertEquals(0x3c02, half(1f + 3 * 0x1p-11f), "a tie rounds to the even neighbour, upwards");
  }
}
