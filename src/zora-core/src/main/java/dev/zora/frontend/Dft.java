package dev.zora.frontend;

/**
 * The discrete Fourier transform of one fixed size, in place on real and imaginary parts: an
 * iterative radix-2 FFT for power-of-two sizes (256, 512, ...), a direct DFT from tables for the
 * others (such as 400 at 16 kHz). Thread-safe: only the tables are state.
 */
final class Dft {
  private final int n;
  private final boolean radix2;
  private final int[] bitReversed;
  private final double[] cos;
  private final double[] sin;

  Dft(int n) {
    this.n = n;
    this.radix2 = Integer.bitCount(n) == 1;
    int tableSize = radix2 ? n / 2 : n;
    cos = new double[tableSize];
    sin = new double[tableSize];
    for (int i = 0; i < tableSize; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / n);
      sin[i] = Math.sin(2 * Math.PI * i / n);
    }
    int bits = Integer.numberOfTrailingZeros(n);
    bitReversed = new int[radix2 ? n : 0];
    for (int i = 0; i < bitReversed.length; i++) {
      bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
  }

  int size() {
    return n;
  }

  /**
   * Replaces {@code (re, im)} by its transform: forward {@code X[k] = sum x[i] e^(-2 pi i k / n)},
   * or the inverse, which also divides by {@code n}.
   */
  void transform(double[] re, double[] im, boolean inverse) {
    if (radix2) {
      fft(re, im, inverse ? 1 : -1);
    } else {
      direct(re, im, inverse ? 1 : -1);
    }
    if (inverse) {
      for (int i = 0; i < n; i++) {
        re[i] /= n;
        im[i] /= n;
      }
    }
  }

  private void fft(double[] re, double[] im, int sign) {
    for (int i = 0; i < n; i++) {
      int j = bitReversed[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    // Sizes 2 and 4 have only the twiddles 1 and -+i: no multiplications, and loops long enough
    // to pay (the general loop below runs one or two butterflies per group there).
    for (int a = 0; a + 1 < n; a += 2) {
      double tr = re[a + 1];
      double ti = im[a + 1];
      re[a + 1] = re[a] - tr;
      im[a + 1] = im[a] - ti;
      re[a] += tr;
      im[a] += ti;
    }
    for (int a = 0; a + 3 < n; a += 4) {
      butterfly(re, im, a, a + 2, re[a + 2], im[a + 2]);
      // x * (-+i) for the forward (sign -1) or inverse (sign 1) transform
      butterfly(re, im, a + 1, a + 3, -sign * im[a + 3], sign * re[a + 3]);
    }
    for (int size = 8; size <= n; size <<= 1) {
      int half = size / 2;
      int step = n / size;
      for (int j = 0; j < half; j++) {
        double wr = cos[j * step];
        double wi = sign * sin[j * step];
        for (int a = j; a < n; a += size) {
          int b = a + half;
          butterfly(re, im, a, b, re[b] * wr - im[b] * wi, re[b] * wi + im[b] * wr);
        }
      }
    }
  }

  /**
   * {@code x[a], x[b] = x[a] + t, x[a] - t} for {@code t = (tr, ti)}, the twiddled {@code x[b]}.
   */
  private static void butterfly(double[] re, double[] im, int a, int b, double tr, double ti) {
    re[b] = re[a] - tr;
    im[b] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
  }

  private void direct(double[] re, double[] im, int sign) {
    double[] outRe = new double[n];
    double[] outIm = new double[n];
    for (int k = 0; k < n; k++) {
      double sumRe = 0;
      double sumIm = 0;
      for (int i = 0; i < n; i++) {
        int phase = (int) ((long) k * i % n);
        double c = cos[phase];
        double s = sign * sin[phase];
        sumRe += re[i] * c - im[i] * s;
        sumIm += re[i] * s + im[i] * c;
      }
      outRe[k] = sumRe;
      outIm[k] = sumIm;
    }
    System.arraycopy(outRe, 0, re, 0, n);
    System.arraycopy(outIm, 0, im, 0, n);
  }
}
