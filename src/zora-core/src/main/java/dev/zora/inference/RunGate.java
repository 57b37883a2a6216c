package dev.zora.inference;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for session runs: at most {@code slots} run at once, at most {@code queue}
 * wait, and nobody waits longer than {@code timeout}. Refusing early keeps latency bounded under
 * overload instead of letting requests pile up in memory.
 */
final class RunGate {
  private final Semaphore slots;
  private final int slotCount;
  private final int maxWaiting;
  private final Duration timeout;
  private final AtomicInteger waiting = new AtomicInteger();

  RunGate(int slots, int maxWaiting, Duration timeout) {
    this.slots = new Semaphore(slots, true);
    this.slotCount = slots;
    this.maxWaiting = maxWaiting;
    this.timeout = timeout;
  }

  /** Blocks until a slot is free; the caller must {@link #release()} it. */
  void acquire() {
    if (slots.tryAcquire()) {
      return;
    }
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      throw new OverCapacityException(
          "all "
              + slotCount
              + " inference slots are busy and "
              + maxWaiting
              + " requests are already waiting; retry later");
    }
    try {
      if (!slots.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new OverCapacityException(
            "no inference slot became free within " + timeout.toMillis() + " ms; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverCapacityException("interrupted while waiting for an inference slot");
    } finally {
      waiting.decrementAndGet();
    }
  }

  void release() {
    slots.release();
  }

  /** Runs executing now. */
  int running() {
    return slotCount - slots.availablePermits();
  }

  /** Runs waiting for a slot now. */
  int waiting() {
    return waiting.get();
  }
}
