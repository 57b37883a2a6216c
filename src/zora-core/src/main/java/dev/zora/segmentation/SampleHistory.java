package dev.zora.segmentation;

import java.util.Arrays;

/**
 * The recent part of a stream of samples, addressed by absolute sample index: appended at the end,
 * dropped from the start, so a segmenter holds only what it may still cut an utterance from.
 */
final class SampleHistory {
  private float[] buffer = new float[8192];
  private int offset; // index in buffer of the first held sample
  private int length; // samples held
  private long first; // absolute index of the first held sample

  void append(float[] samples) {
    if (offset + length + samples.length > buffer.length) {
      int needed = length + samples.length;
      float[] target =
          needed > buffer.length / 2 ? new float[Math.max(needed * 2, buffer.length)] : buffer;
      System.arraycopy(buffer, offset, target, 0, length);
      buffer = target;
      offset = 0;
    }
    System.arraycopy(samples, 0, buffer, offset + length, samples.length);
    length += samples.length;
  }

  /** Absolute index of the first sample still held. */
  long first() {
    return first;
  }

  /** Absolute index just past the last sample. */
  long end() {
    return first + length;
  }

  /** Forgets every sample before absolute index {@code index}. */
  void dropBefore(long index) {
    int drop = (int) Math.min(length, Math.max(0, index - first));
    offset += drop;
    length -= drop;
    first += drop;
  }

  /**
   * A copy of the samples from {@code from} (inclusive) to {@code to} (exclusive), absolute
   * indices.
   */
  float[] copy(long from, long to) {
    if (from < first || to > end() || from > to) {
      throw new IllegalArgumentException(
          "samples " + from + ".." + to + " are not held (" + first + ".." + end() + ")");
    }
    int start = offset + (int) (from - first);
    return Arrays.copyOfRange(buffer, start, start + (int) (to - from));
  }

  /** The mean square of the samples from {@code from} to {@code to}, absolute indices. */
  double meanSquare(long from, long to) {
    int start = offset + (int) (from - first);
    double sum = 0;
    for (int i = start; i < start + (int) (to - from); i++) {
      sum += (double) buffer[i] * buffer[i];
    }
    return sum / Math.max(1, to - from);
  }
}
