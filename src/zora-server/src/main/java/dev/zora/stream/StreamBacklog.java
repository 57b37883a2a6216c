package dev.zora.stream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's work waiting for the shared stream workers, and the scheduling of it: items run
 * in arrival order, one worker turn at a time per connection, so a slow connection never holds up
 * an event loop or another connection's turn. Audio counts against a byte budget until its turn
 * takes it: back-pressure for a client that sends faster than the server transcribes.
 *
 * <p>Any thread may add; only the turn (one at a time) takes.
 *
 * @param <T> the kind of work
 */
final class StreamBacklog<T> {
  private final Queue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicLong audioBytes = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor workers;
  private final Runnable turn;
  private final long maxAudioBytes;

  /**
   * @param turn takes what is queued ({@link #next}); run on {@code workers}, never twice at once
   * @param maxAudioBytes the most audio that may wait at once
   */
  StreamBacklog(Executor workers, Runnable turn, long maxAudioBytes) {
    this.workers = workers;
    this.turn = turn;
    this.maxAudioBytes = maxAudioBytes;
  }

  /** Queues a non-audio item (a flush, the end) and makes sure a turn will take it. */
  void add(T item) {
    items.add(item);
    schedule();
  }

  /**
   * Queues audio of {@code bytes} bytes, unless that would put more than the budget in waiting.
   *
   * @return false when it was refused: the client is ahead of the server
   */
  boolean addAudio(T item, int bytes) {
    if (audioBytes.addAndGet(bytes) > maxAudioBytes) {
      audioBytes.addAndGet(-bytes);
      return false;
    }
    add(item);
    return true;
  }

  /** The next item for the running turn, or null when none waits. */
  T next() {
    return items.poll();
  }

  /** The running turn took audio of {@code bytes} bytes: it no longer counts as waiting. */
  void tookAudio(int bytes) {
    audioBytes.addAndGet(-bytes);
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** Drops everything waiting: the stream is over. */
  void clear() {
    items.clear();
    audioBytes.set(0);
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      workers.execute(this::run);
    }
  }

  private void run() {
    try {
      turn.run();
    } finally {
      scheduled.set(false);
      if (!items.isEmpty()) {
        schedule();
      }
    }
  }
}
