package dev.zora.audio;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable polyphase FIR design for one pair of sample rates, shared by every request and
 * stream at that pair (designing it costs milliseconds; using it, microseconds).
 *
 * <p>The design is the training recipe's ({@code scipy.signal.resample_poly}): a Kaiser-windowed
 * sinc (β = 5) with its cut-off at the lower rate's Nyquist frequency and ten zero crossings of
 * that rate on each side. For the reduced ratio {@code up/down}, output sample {@code n} lies at
 * input position {@code n · down / up}; its fractional part picks one of the filter's phases. A
 * ratio with more than {@link #MAX_PHASES} phases (only odd rates such as 8001 Hz have one) uses
 * the nearest of {@code MAX_PHASES} phases, a timing error under 1/2048 of an input sample.
 *
 * <p>{@link #shortStage} is the same sinc with four zero crossings, for the first of two stages
 * (see {@link StreamingResampler}). A phase's taps that fall on the sinc's zeros (every other one
 * halving a rate, every third dividing it by three) are left out of its sums.
 */
public final class ResamplingFilter {
  static final int MAX_PHASES = 1024;
  private static final double KAISER_BETA = 5.0;
  private static final int ZERO_CROSSINGS = 10;
  private static final int SHORT_STAGE_ZERO_CROSSINGS = 4;
  private static final int CACHED_PAIRS = 32;

  /** Below this many outputs per phase class, output-by-output is faster than tap-by-tap. */
  private static final int MIN_CLASS_LENGTH = 8;

  /**
   * Outputs of a class summed tap by tap together, from a copy of the inputs each tap weighs: the
   * sum and the copy at the same index is a loop the JIT turns into vector instructions, which it
   * does not for a sum read at an offset from another float array (they might be one array), 4x
   * slower. 1,024 outputs: the tile and its inputs stay in the first-level cache, and the copies
   * are few (48 to 8 kHz: 256 took a fifth longer).
   */
  private static final int BLOCK = 1024;

  /** Taps summed into the tile in one pass: a quarter of the tile's loads and stores. */
  private static final int TAPS_AT_ONCE = 4;

  private static final Map<Design, ResamplingFilter> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Design, ResamplingFilter> eldest) {
          return size() > CACHED_PAIRS;
        }
      };

  private record Design(int fromRate, int toRate, int zeroCrossings) {}

  /**
   * Each thread's working arrays for {@link #resample}, kept from call to call: a 48 kHz upload's
   * second needs 260 KB of them (the strided copies of both stages), which fresh arrays cost again
   * in zeroing and collection on every request.
   */
  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  final long up;
  final long down;

  /** Taps each side of an output sample's position, in input samples. */
  final int halfWidth;

  /** The taps' count in every phase, zeros included: what one output's window spans. */
  final int span;

  /**
   * {@code weights[p][k]} weighs input {@code floor(position) - halfWidth + offsets[p][k]}: the
   * phase's taps that are not zero, in order.
   */
  private final float[][] weights;

  private final int[][] offsets;

  private ResamplingFilter(Design design) {
    long divisor = gcd(design.fromRate(), design.toRate());
    up = design.toRate() / divisor;
    down = design.fromRate() / divisor;
    double cutoff = 0.5 * Math.min(1.0, up / (double) down); // cycles per input sample
    double window =
        design.zeroCrossings() / (2 * cutoff); // half-width of the window, input samples
    halfWidth = (int) Math.ceil(window);
    span = 2 * halfWidth + 1;
    int phaseCount = (int) Math.min(up, MAX_PHASES);
    weights = new float[phaseCount][];
    offsets = new int[phaseCount][];
    double besselBeta = besselI0(KAISER_BETA);
    for (int p = 0; p < phaseCount; p++) {
      double fraction = p / (double) phaseCount;
      double sum = 0;
      double[] taps = new double[span];
      int nonZero = 0;
      for (int m = 0; m < taps.length; m++) {
        double t = fraction + halfWidth - m; // position minus the input sample's index
        double x = 2 * cutoff * t;
        boolean onAZero = x != 0 && Math.abs(x - Math.rint(x)) < 1e-9;
        if (Math.abs(t) <= window && !onAZero) {
          double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
          double ratio = t / window;
          taps[m] =
              2 * cutoff * sinc * besselI0(KAISER_BETA * Math.sqrt(1 - ratio * ratio)) / besselBeta;
          sum += taps[m];
          nonZero++;
        }
      }
      weights[p] = new float[nonZero];
      offsets[p] = new int[nonZero];
      for (int m = 0, k = 0; m < taps.length; m++) {
        if (taps[m] != 0) {
          weights[p][k] = (float) (taps[m] / sum); // each phase passes DC at exactly unit gain
          offsets[p][k++] = m;
        }
      }
    }
  }

  /** The shared design for converting {@code fromRate} to {@code toRate} (both positive). */
  public static ResamplingFilter forRates(int fromRate, int toRate) {
    return shared(new Design(fromRate, toRate, ZERO_CROSSINGS));
  }

  /**
   * The shared short design (four zero crossings) for the first of two stages: from {@code
   * fromRate} to {@code toRate}, twice the final rate. Its transition band is wide and centred on
   * {@code toRate / 2}, where the second stage's filter ({@code forRates(toRate, toRate / 2)})
   * stops everything; the two together pass and stop what {@code forRates(fromRate, toRate / 2)}
   * does (for an 8 kHz target: within 0.02 dB of it up to 3.5 kHz, ≥ 55 dB down from 4.8 kHz).
   */
  static ResamplingFilter shortStage(int fromRate, int toRate) {
    return shared(new Design(fromRate, toRate, SHORT_STAGE_ZERO_CROSSINGS));
  }

  private static ResamplingFilter shared(Design design) {
    if (design.fromRate() <= 0 || design.toRate() <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive, got " + design.fromRate() + " and " + design.toRate());
    }
    synchronized (CACHE) {
      ResamplingFilter cached = CACHE.get(design);
      if (cached != null) {
        return cached;
      }
    }
    // Designed outside the lock: two threads meeting a new pair at once both design it, harmlessly.
    ResamplingFilter designed = new ResamplingFilter(design);
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(design, k -> designed);
    }
  }

  /**
   * True when {@link #resample} of {@code count} outputs gathers its inputs into a copy of its own,
   * and so can read them from two arrays; otherwise they must be in one.
   */
  boolean gathers(int count) {
    return weights.length >= up && count >= MIN_CLASS_LENGTH * up;
  }

  /**
   * Writes output samples {@code n0 .. n0 + out.length - 1} into {@code out}, from the inputs
   * {@code head[0 .. headLength - 1]} followed by {@code tail}: input samples {@code origin ..},
   * holding every input the outputs read (callers pad the signal's edges with silence). The tail
   * must be empty unless {@link #gathers} the count: a stream's new piece is read where it lies,
   * not copied after the samples kept from the piece before.
   *
   * <p>Outputs whose index differs by a multiple of {@code up} share a phase and lie {@code down}
   * input samples apart, so each such class is a plain convolution of the input taken every {@code
   * down}-th sample: computed tap by tap as {@code tile += tap · inputs}, loops the JIT turns into
   * vector instructions (a dot product per output, a float reduction, stays scalar). Short classes
   * (odd rates, small stream pieces) go output by output.
   */
  void resample(long n0, float[] out, float[] head, int headLength, float[] tail, long origin) {
    int count = out.length;
    if (!gathers(count)) {
      if (tail.length > 0) {
        throw new IllegalArgumentException("output by output reads its inputs from one array");
      }
      for (int i = 0; i < count; i++) {
        out[i] = sample(n0 + i, head, origin);
      }
      return;
    }
    long start = firstInputFor(n0);
    int inputs = (int) (firstInputFor(n0 + count - 1) - start) + span + 1;
    int stride = (int) down;
    int strideLength = inputs / stride + 1;
    Workspace workspace = WORKSPACE.get();
    // strided[r * strideLength + k] = input[start + k·down + r], zero past the input's end
    float[] strided = workspace.strided(stride * strideLength);
    int offset = (int) (start - origin);
    int available = Math.min(inputs, headLength + tail.length - offset);
    for (int r = 0; r < stride; r++) {
      int row = r * strideLength;
      int rowLength =
          r < available ? Math.min(strideLength, (available - r + stride - 1) / stride) : 0;
      int k = 0;
      int i = offset + r;
      for (; k < rowLength && i < headLength; k++, i += stride) {
        strided[row + k] = head[i];
      }
      for (i -= headLength; k < rowLength; k++, i += stride) {
        strided[row + k] = tail[i];
      }
      Arrays.fill(strided, row + rowLength, row + strideLength, 0f);
    }
    int classes = (int) Math.min(up, count);
    float[] tile = workspace.tile; // sums of one block of a class's outputs
    float[][] tapInputs = workspace.tapInputs; // what each tap weighs for that block
    for (int c = 0; c < classes; c++) {
      long n = n0 + c;
      int members = (count - c + classes - 1) / classes;
      int phase = (int) ((n * down) % up);
      float[] taps = weights[phase];
      int[] at = offsets[phase];
      long first = n * down / up - halfWidth - start;
      for (int block = 0; block < members; block += BLOCK) {
        int blockLength = Math.min(BLOCK, members - block);
        Arrays.fill(tile, 0, blockLength, 0f);
        int k = 0;
        for (; k + TAPS_AT_ONCE <= taps.length; k += TAPS_AT_ONCE) {
          for (int t = 0; t < TAPS_AT_ONCE; t++) {
            int from = stridedIndex(first + at[k + t], stride, strideLength) + block;
            System.arraycopy(strided, from, tapInputs[t], 0, blockLength);
          }
          accumulate4(tile, blockLength, taps, k, tapInputs);
        }
        for (; k < taps.length; k++) {
          int from = stridedIndex(first + at[k], stride, strideLength) + block;
          System.arraycopy(strided, from, tapInputs[0], 0, blockLength);
          float weight = taps[k];
          float[] in = tapInputs[0];
          for (int j = 0; j < blockLength; j++) {
            tile[j] += weight * in[j];
          }
        }
        for (int j = 0; j < blockLength; j++) {
          out[c + (block + j) * classes] = tile[j];
        }
      }
    }
  }

  /** One thread's working arrays for {@link #resample}. */
  private static final class Workspace {
    /** A strided copy up to this long (1 MiB: a second at 192 kHz) is kept for the next call. */
    private static final int MAX_KEPT = 1 << 18;

    final float[] tile = new float[BLOCK];
    final float[][] tapInputs = new float[TAPS_AT_ONCE][BLOCK];
    private float[] strided = new float[0];

    /** An array at least {@code length} long, its contents left from the call before. */
    float[] strided(int length) {
      if (strided.length >= length) {
        return strided;
      }
      float[] fresh = new float[length];
      if (length <= MAX_KEPT) {
        strided = fresh;
      }
      return fresh;
    }
  }

  /** Where input {@code start + offset} lies in the strided copy. */
  private static int stridedIndex(long offset, int stride, int strideLength) {
    return (int) (offset % stride) * strideLength + (int) (offset / stride);
  }

  /** {@code tile += taps[m..m+3] · inputs[0..3]}, four taps in one pass over the tile. */
  private static void accumulate4(float[] tile, int length, float[] taps, int m, float[][] inputs) {
    float t0 = taps[m];
    float t1 = taps[m + 1];
    float t2 = taps[m + 2];
    float t3 = taps[m + 3];
    float[] a = inputs[0];
    float[] b = inputs[1];
    float[] c = inputs[2];
    float[] d = inputs[3];
    for (int j = 0; j < length; j++) {
      tile[j] += t0 * a[j] + t1 * b[j] + t2 * c[j] + t3 * d[j];
    }
  }

  private float sample(long n, float[] input, long origin) {
    long position = n * down;
    long whole = position / up;
    long remainder = position % up;
    int phase = (int) remainder;
    if (weights.length < up) { // rounded to the nearest stored phase
      phase = (int) ((remainder * weights.length + up / 2) / up);
      if (phase == weights.length) {
        phase = 0;
        whole++;
      }
    }
    float[] taps = weights[phase];
    int[] at = offsets[phase];
    int base = (int) (whole - halfWidth - origin);
    float a = 0;
    float b = 0;
    int k = 0;
    for (; k + 1 < taps.length; k += 2) {
      a += taps[k] * input[base + at[k]];
      b += taps[k + 1] * input[base + at[k + 1]];
    }
    if (k < taps.length) {
      a += taps[k] * input[base + at[k]];
    }
    return a + b;
  }

  /**
   * How many output samples depend only on the first {@code inputs} input samples: output {@code n}
   * reads up to input {@code floor(n · down / up) + halfWidth + 1} (one more for rounding to a
   * stored phase).
   */
  long outputsReadyAfter(long inputs) {
    long lastWhole = inputs - 2 - halfWidth; // the largest floor(n · down / up) allowed
    return lastWhole < 0 ? 0 : ((lastWhole + 1) * up - 1) / down + 1;
  }

  /** The first input sample output sample {@code n} depends on. */
  long firstInputFor(long n) {
    return n * down / up - halfWidth;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }
}
