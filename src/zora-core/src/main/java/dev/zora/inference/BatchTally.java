package dev.zora.inference;

import java.util.concurrent.atomic.LongAdder;

/**
 * How much the runtime's micro-batchers batched, over all models: the session runs they made and
 * the requests those runs answered (requests / runs is the mean batch size). For metrics.
 */
public final class BatchTally {
  private final LongAdder runs = new LongAdder();
  private final LongAdder requests = new LongAdder();

  void record(int batchSize) {
    runs.increment();
    requests.add(batchSize);
  }

  public long runs() {
    return runs.sum();
  }

  public long requests() {
    return requests.sum();
  }
}
