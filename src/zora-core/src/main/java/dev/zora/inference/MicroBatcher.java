package dev.zora.inference;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cross-request micro-batching for one graph with one input. Single-item runs (batch axis 1) that
 * have the same input shape and ask for the same outputs, and that arrive while the graph already
 * has {@code maxRunning} runs going, wait together and go as one session run, stacked on the batch
 * axis; each caller gets its own slice of the outputs. An idle graph runs a request at once (unless
 * a window is set), so batching costs no latency when there is nothing to batch with.
 *
 * <p>Waiting here is bounded like waiting at the {@link RunGate}: beyond {@code maxQueued} waiting
 * requests a new one is refused at once, and none waits longer than {@code queueTimeout}.
 */
final class MicroBatcher {
  /** One session run of the graph: the stacked input in, the requested outputs out. */
  interface Runner {
    Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, Set<String> outputs);
  }

  private final Runner runner;
  private final String inputName;
  private final int maxBatch;
  private final Duration window;
  private final int maxRunning;
  private final int maxQueued;
  private final Duration queueTimeout;
  private final BatchTally tally;

  private final Object lock = new Object();
  private final Map<Key, ArrayDeque<Pending>> queues = new HashMap<>();
  private int running;

  MicroBatcher(
      Runner runner,
      String inputName,
      Batching batching,
      int maxRunning,
      int maxQueued,
      Duration queueTimeout,
      BatchTally tally) {
    this.runner = runner;
    this.tally = tally;
    this.inputName = inputName;
    this.maxBatch = batching.maxBatchSize();
    this.window = batching.window();
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
    this.queueTimeout = queueTimeout;
  }

  /** What can share a run: the input's shape after the batch axis, and the outputs asked for. */
  private record Key(List<Long> itemShape, Set<String> outputs) {}

  private static final class Pending {
    final FloatTensor input;
    boolean taken;
    boolean done;
    Map<String, FloatTensor> result;
    RuntimeException failure;

    Pending(FloatTensor input) {
      this.input = input;
    }
  }

  /**
   * Runs the graph on one item ({@code input} has batch size 1) and returns the requested outputs
   * with batch size 1, as a run of its own would.
   *
   * @throws OverCapacityException when too many requests wait already, or none could run in time
   * @throws InferenceException when ONNX Runtime fails on the batch this request was part of
   */
  Map<String, FloatTensor> run(FloatTensor input, Set<String> outputs) {
    long[] shape = input.shapeView();
    if (shape.length == 0 || shape[0] != 1) {
      throw new IllegalArgumentException(
          "a batched run takes one item, got shape " + Arrays.toString(shape));
    }
    Key key = new Key(Arrays.stream(shape).skip(1).boxed().toList(), Set.copyOf(outputs));
    Pending mine = new Pending(input);
    List<Pending> batch;
    synchronized (lock) {
      enqueue(key, mine);
      awaitTurn(key, mine);
      if (mine.taken) {
        batch = null;
      } else {
        running++;
        batch = gather(key, mine);
      }
    }
    if (batch != null) {
      execute(batch, key.outputs());
    }
    awaitDone(mine);
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.result;
  }

  /** Requests waiting for a run. */
  int waitingRequests() {
    synchronized (lock) {
      return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }
  }

  private void enqueue(Key key, Pending mine) {
    if (running >= maxRunning && waitingRequests() >= maxQueued) {
      throw new OverCapacityException(
          "all "
              + maxRunning
              + " runs of this model are busy and "
              + maxQueued
              + " requests are already waiting; retry later");
    }
    queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(mine);
    lock.notifyAll(); // a run waiting out its window may now be full
  }

  /** Waits (holding no run) until another run took this request, or a run of its own may start. */
  private void awaitTurn(Key key, Pending mine) {
    long deadline = System.nanoTime() + queueTimeout.toNanos();
    while (!mine.taken && running >= maxRunning) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        dequeue(key, mine);
        throw new OverCapacityException(
            "no run of this model became free within "
                + queueTimeout.toMillis()
                + " ms; retry later");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (!mine.taken) {
          dequeue(key, mine);
          throw new OverCapacityException("interrupted while waiting for a run of this model");
        }
      }
    }
  }

  /**
   * This request and up to {@code maxBatch - 1} others waiting with the same key, oldest first;
   * with a window, first waits up to that long for the batch to fill.
   */
  private List<Pending> gather(Key key, Pending mine) {
    dequeue(key, mine);
    mine.taken = true;
    long deadline = System.nanoTime() + window.toNanos();
    while (waitingWith(key) < maxBatch - 1 && System.nanoTime() < deadline) {
      try {
        TimeUnit.NANOSECONDS.timedWait(lock, deadline - System.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ArrayDeque<Pending> waiting = queues.getOrDefault(key, new ArrayDeque<>());
    List<Pending> batch = new ArrayList<>(List.of(mine));
    Iterator<Pending> oldestFirst = waiting.iterator();
    while (batch.size() < maxBatch && oldestFirst.hasNext()) {
      Pending other = oldestFirst.next();
      oldestFirst.remove();
      other.taken = true;
      batch.add(other);
    }
    if (waiting.isEmpty()) {
      queues.remove(key);
    }
    return batch;
  }

  /** Requests waiting for a run of this key's graph and shape. */
  private int waitingWith(Key key) {
    ArrayDeque<Pending> waiting = queues.get(key);
    return waiting == null ? 0 : waiting.size();
  }

  private void dequeue(Key key, Pending pending) {
    ArrayDeque<Pending> waiting = queues.get(key);
    if (waiting != null && waiting.remove(pending) && waiting.isEmpty()) {
      queues.remove(key);
    }
  }

  private void execute(List<Pending> batch, Set<String> outputs) {
    List<Map<String, FloatTensor>> results = null;
    RuntimeException failure = null;
    try {
      results =
          batch.size() == 1
              ? List.of(runner.run(Map.of(inputName, batch.get(0).input), outputs))
              : split(runner.run(Map.of(inputName, stack(batch)), outputs), batch.size());
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      for (int i = 0; i < batch.size(); i++) {
        Pending pending = batch.get(i);
        pending.result = results == null ? null : results.get(i);
        pending.failure = failure;
        pending.done = true;
      }
      running--;
      tally.record(batch.size());
      lock.notifyAll();
    }
  }

  private static FloatTensor stack(List<Pending> batch) {
    long[] shape = batch.get(0).input.shapeView().clone();
    int itemSize = batch.get(0).input.size();
    float[] values = new float[itemSize * batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).input.copyInto(values, i * itemSize);
    }
    shape[0] = batch.size();
    return FloatTensor.wrapping(values, shape);
  }

  private static List<Map<String, FloatTensor>> split(
      Map<String, FloatTensor> outputs, int batchSize) {
    List<Map<String, FloatTensor>> items = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      items.add(new LinkedHashMap<>());
    }
    for (Map.Entry<String, FloatTensor> output : outputs.entrySet()) {
      long[] shape = output.getValue().shapeView();
      if (shape.length == 0 || shape[0] != batchSize) {
        throw new InferenceException(
            "output "
                + output.getKey()
                + " has shape "
                + Arrays.toString(shape)
                + ", expected the batch of "
                + batchSize
                + " on its first axis");
      }
      long[] itemShape = shape.clone();
      itemShape[0] = 1;
      int itemSize = output.getValue().size() / batchSize;
      for (int i = 0; i < batchSize; i++) {
        items
            .get(i)
            .put(output.getKey(), output.getValue().slice(i * itemSize, itemSize, itemShape));
      }
    }
    return items;
  }

  /** Waits for the run this request is part of; an interrupt cannot take back a running batch. */
  private void awaitDone(Pending mine) {
    boolean interrupted = false;
    synchronized (lock) {
      while (!mine.done) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
