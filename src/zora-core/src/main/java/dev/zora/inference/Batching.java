package dev.zora.inference;

import java.time.Duration;

/**
 * Cross-request micro-batching (see {@link MicroBatcher}).
 *
 * @param maxBatchSize the most single-item runs stacked into one session run; 1 turns batching off
 * @param window how long a run that could take more items waits for them; zero batches only the
 *     requests that queued up while earlier runs of the graph were busy
 */
public record Batching(int maxBatchSize, Duration window) {
  public static final Batching OFF = new Batching(1, Duration.ZERO);

  public Batching {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException(
          "maxBatchSize must be >= 1 (1 = no batching), got " + maxBatchSize);
    }
    if (window == null || window.isNegative()) {
      throw new IllegalArgumentException("window must be >= 0, got " + window);
    }
  }

  public boolean isOn() {
    return maxBatchSize > 1;
  }
}
