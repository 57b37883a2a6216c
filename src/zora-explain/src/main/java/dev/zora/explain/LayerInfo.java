package dev.zora.explain;

/**
 * One tensor of a model's graphs that can be read.
 *
 * @param graph the bundle file's role ({@code model}, {@code encoder}, {@code decoder})
 * @param opType the operator that writes it, or {@code Input} for a graph input
 * @param shape its shape for one second of audio (and, in a decoder, a one-token prefix)
 * @param timeAxis the first axis whose size follows the input's length; null when none does
 * @param framesPerStep log-mel frames per step along {@code timeAxis} (4 after two stride-2
 *     layers); null without a time axis
 * @param title the manifest's friendly name; null when it names none
 * @param kind the manifest's kind ({@code conv2d}, {@code attention}, ...); null when not given
 * @param layout the manifest's axis letters (NCTF: batch, channels, time, frequency); null when not
 *     given
 */
public record LayerInfo(
    String graph,
    String tensor,
    String opType,
    long[] shape,
    Integer timeAxis,
    Double framesPerStep,
    String title,
    String kind,
    String layout) {

  public LayerInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The axis that holds channels (or heads, or features): the first one after the batch axis that
   * is not the time axis, or the last axis; per-channel summaries are taken over it.
   */
  public int channelAxis() {
    for (int axis = 1; axis < shape.length; axis++) {
      if (timeAxis == null || axis != timeAxis) {
        return axis;
      }
    }
    return shape.length - 1;
  }
}
