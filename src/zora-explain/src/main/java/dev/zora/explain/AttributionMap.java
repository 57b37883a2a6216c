package dev.zora.explain;

import java.util.stream.IntStream;

/**
 * One value per cell of the log-mel input, row-major {@code [frames][melBins]}: how much the cell
 * counts for the target. Higher is more.
 */
public record AttributionMap(int frames, int melBins, float[] values) {
  public AttributionMap {
    if (values.length != frames * melBins) {
      throw new IllegalArgumentException(
          "values has "
              + values.length
              + " elements, expected frames*melBins = "
              + frames
              + "*"
              + melBins);
    }
    values = values.clone();
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  /** Cell indices from the most to the least attributed (ties keep index order). */
  int[] ranking() {
    return IntStream.range(0, values.length)
        .boxed()
        .sorted((a, b) -> Float.compare(values[b], values[a]))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
