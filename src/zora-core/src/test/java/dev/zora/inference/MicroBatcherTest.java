package dev.zora.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher against a fake graph that doubles its input and sums each item: every caller gets the
 * answer of a run of its own, however the runs were stacked.
 */
class MicroBatcherTest {
  private static final Set<String> OUTPUTS = Set.of("doubled", "sum");

  private final List<long[]> runShapes = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstRunEntered = new CountDownLatch(1);
  private final CountDownLatch releaseFirstRun = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    releaseFirstRun.countDown();
    callers.shutdownNow();
  }

  /** The fake graph; its first run waits for the test, so that others queue up behind it. */
  private Map<String, FloatTensor> graph(Map<String, FloatTensor> inputs, Set<String> outputs) {
    FloatTensor x = inputs.get("features");
    long[] shape = x.shape();
    runShapes.add(shape);
    if (runShapes.size() == 1) {
      firstRunEntered.countDown();
      await(releaseFirstRun);
    }
    float[] values = x.values();
    for (float value : values) {
      if (value < 0) {
        throw new InferenceException("negative input");
      }
    }
    int batch = (int) shape[0];
    int itemSize = values.length / batch;
    float[] doubled = new float[values.length];
    float[] sums = new float[batch];
    for (int i = 0; i < values.length; i++) {
      doubled[i] = 2 * values[i];
      sums[i / itemSize] += values[i];
    }
    return Map.of(
        "doubled",
        new FloatTensor(doubled, shape),
        "sum",
        new FloatTensor(sums, new long[] {batch, 1}));
  }

  private MicroBatcher batcher(int maxBatch, int maxRunning, int maxQueued, Duration timeout) {
    return new MicroBatcher(
        this::graph,
        "features",
        new Batching(maxBatch, Duration.ZERO),
        maxRunning,
        maxQueued,
        timeout,
        new BatchTally());
  }

  private static FloatTensor item(float value, int frames) {
    float[] values = new float[frames * 2];
    java.util.Arrays.fill(values, value);
    return new FloatTensor(values, new long[] {1, frames, 2});
  }

  private CompletableFuture<Map<String, FloatTensor>> call(
      MicroBatcher batcher, FloatTensor input) {
    return CompletableFuture.supplyAsync(() -> batcher.run(input, OUTPUTS), callers);
  }

  /** Starts a run that holds the graph's only run slot until the test releases it. */
  private CompletableFuture<Map<String, FloatTensor>> busyRun(
      MicroBatcher batcher, FloatTensor input) throws InterruptedException {
    CompletableFuture<Map<String, FloatTensor>> first = call(batcher, input);
    assertTrue(firstRunEntered.await(5, TimeUnit.SECONDS), "the first run never started");
    return first;
  }

  @Test
  void anIdleGraphRunsARequestAtOnceAndAlone() {
    releaseFirstRun.countDown();
    Map<String, FloatTensor> out =
        batcher(8, 1, 8, Duration.ofSeconds(5)).run(item(1.5f, 3), OUTPUTS);
    assertArrayEquals(new long[] {1, 3, 2}, out.get("doubled").shape());
    assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, out.get("doubled").values());
    assertArrayEquals(new float[] {9}, out.get("sum").values());
    assertEquals(1, runShapes.size());
  }

  @Test
  void requestsThatQueueWhileTheGraphIsBusyShareOneRunAndEachGetsItsOwnSlice() throws Exception {
    MicroBatcher batcher = batcher(8, 1, 16, Duration.ofSeconds(5));
    CompletableFuture<Map<String, FloatTensor>> first = busyRun(batcher, item(100, 4));
    List<CompletableFuture<Map<String, FloatTensor>>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(call(batcher, item(i, 4)));
    }
    awaitQueued(batcher, 5);
    releaseFirstRun.countDown();
    assertArrayEquals(new float[] {800}, first.get(5, TimeUnit.SECONDS).get("sum").values());
    for (int i = 0; i < 5; i++) {
      Map<String, FloatTensor> out = queued.get(i).get(5, TimeUnit.SECONDS);
      assertArrayEquals(new long[] {1, 4, 2}, out.get("doubled").shape());
      assertArrayEquals(new long[] {1, 1}, out.get("sum").shape());
      assertEquals(2f * i, out.get("doubled").values()[7]);
      assertArrayEquals(new float[] {8f * i}, out.get("sum").values());
    }
    assertEquals(2, runShapes.size(), "the five queued requests went as one run");
    assertArrayEquals(new long[] {5, 4, 2}, runShapes.get(1));
  }

  @Test
  void withAWindowAnIdleGraphWaitsForTheBatchToFillAndGoesAsSoonAsItIsFull() throws Exception {
    releaseFirstRun.countDown();
    MicroBatcher batcher =
        new MicroBatcher(
            this::graph,
            "features",
            new Batching(3, Duration.ofSeconds(20)),
            1,
            16,
            Duration.ofSeconds(30),
            new BatchTally());
    long start = System.nanoTime();
    List<CompletableFuture<Map<String, FloatTensor>>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(call(batcher, item(i, 2)));
    }
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          new float[] {4f * i}, calls.get(i).get(10, TimeUnit.SECONDS).get("sum").values());
    }
    assertEquals(1, runShapes.size(), "the three went as one run");
    assertArrayEquals(new long[] {3, 2, 2}, runShapes.get(0));
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
        "a full batch did not wait out its window");
  }

  @Test
  void aBatchNeverExceedsItsMaximumAndDifferentShapesNeverShareARun() throws Exception {
    MicroBatcher batcher = batcher(3, 1, 16, Duration.ofSeconds(5));
    CompletableFuture<Map<String, FloatTensor>> first = busyRun(batcher, item(1, 4));
    List<CompletableFuture<Map<String, FloatTensor>>> queued = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queued.add(call(batcher, item(1, 4)));
    }
    queued.add(call(batcher, item(1, 5)));
    awaitQueued(batcher, 5);
    releaseFirstRun.countDown();
    first.get(5, TimeUnit.SECONDS);
    for (CompletableFuture<Map<String, FloatTensor>> call : queued) {
      call.get(5, TimeUnit.SECONDS);
    }
    for (long[] shape : runShapes) {
      assertTrue(shape[0] <= 3, "a run of " + shape[0]);
    }
    assertEquals(6, runShapes.stream().mapToLong(shape -> shape[0]).sum());
    assertTrue(
        runShapes.stream().anyMatch(shape -> shape[1] == 5 && shape[0] == 1),
        "the 5-frame item ran alone");
  }

  @Test
  void aFailedRunFailsEveryRequestInItAndTheNextRunsWork() throws Exception {
    MicroBatcher batcher = batcher(8, 1, 16, Duration.ofSeconds(5));
    CompletableFuture<Map<String, FloatTensor>> first = busyRun(batcher, item(1, 2));
    CompletableFuture<Map<String, FloatTensor>> bad = call(batcher, item(-1, 2));
    CompletableFuture<Map<String, FloatTensor>> stackedWithBad = call(batcher, item(1, 2));
    awaitQueued(batcher, 2);
    releaseFirstRun.countDown();
    first.get(5, TimeUnit.SECONDS);
    for (CompletableFuture<Map<String, FloatTensor>> failed : List.of(bad, stackedWithBad)) {
      Exception e = assertThrows(Exception.class, () -> failed.get(5, TimeUnit.SECONDS));
      assertSame(InferenceException.class, e.getCause().getClass());
    }
    assertArrayEquals(new float[] {6}, batcher.run(item(1.5f, 2), OUTPUTS).get("sum").values());
  }

  @Test
  void aFullQueueRefusesAtOnceAndAWaitBeyondTheTimeoutIsRefused() throws Exception {
    MicroBatcher batcher = batcher(8, 1, 1, Duration.ofMillis(200));
    CompletableFuture<Map<String, FloatTensor>> first = busyRun(batcher, item(1, 2));
    CompletableFuture<Map<String, FloatTensor>> waiting = call(batcher, item(1, 2));
    awaitQueued(batcher, 1);
    OverCapacityException full =
        assertThrows(OverCapacityException.class, () -> batcher.run(item(1, 2), OUTPUTS));
    assertTrue(full.getMessage().contains("already waiting"), full.getMessage());
    Exception late = assertThrows(Exception.class, () -> waiting.get(5, TimeUnit.SECONDS));
    assertTrue(
        late.getCause() instanceof OverCapacityException
            && late.getCause().getMessage().contains("within 200 ms"),
        String.valueOf(late.getCause()));
    releaseFirstRun.countDown();
    first.get(5, TimeUnit.SECONDS);
  }

  private static void awaitQueued(MicroBatcher batcher, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (batcher.waitingRequests() < count) {
      assertTrue(
          System.nanoTime() < deadline,
          "only " + batcher.waitingRequests() + " of " + count + " queued");
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the first run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
