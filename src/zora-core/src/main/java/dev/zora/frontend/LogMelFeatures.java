package dev.zora.frontend;

/**
 * A log-mel matrix, row-major {@code [frames][melBins]}, with the hop that spaced the frames so
 * later stages can turn frame indices into seconds.
 */
public final class LogMelFeatures {
  private final float[] values;
  private final int frames;
  private final int melBins;
  private final double secondsPerFrame;

  public LogMelFeatures(float[] values, int frames, int melBins, double secondsPerFrame) {
    if (values.length != (long) frames * melBins) {
      throw new IllegalArgumentException(
          "values has "
              + values.length
              + " elements, expected frames*melBins = "
              + frames
              + "*"
              + melBins);
    }
    this.values = values.clone();
    this.frames = frames;
    this.melBins = melBins;
    this.secondsPerFrame = secondsPerFrame;
  }

  /** A copy of the values, row-major {@code [frames][melBins]}. */
  public float[] values() {
    return values.clone();
  }

  public float value(int frame, int mel) {
    return values[frame * melBins + mel];
  }

  public int frames() {
    return frames;
  }

  public int melBins() {
    return melBins;
  }

  public double secondsPerFrame() {
    return secondsPerFrame;
  }

  /** The tensor shape a model takes: {@code [1, frames, melBins]}. */
  public long[] batchShape() {
    return new long[] {1, frames, melBins};
  }
}
