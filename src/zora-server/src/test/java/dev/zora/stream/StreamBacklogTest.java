package dev.zora.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamBacklogTest {
  @Test
  void itemsAddedFromManyThreadsAreTakenInOrderByOneTurnAtATime() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(4);
    List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(2_000);
    AtomicReference<StreamBacklog<Integer>> backlog = new AtomicReference<>();
    backlog.set(
        new StreamBacklog<>(
            workers,
            () -> {
              if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              for (Integer item = backlog.get().next(); item != null; item = backlog.get().next()) {
                taken.add(item);
                all.countDown();
              }
              running.decrementAndGet();
            },
            Long.MAX_VALUE));
    for (int i = 0; i < 2_000; i++) {
      backlog.get().add(i);
    }
    assertTrue(all.await(10, TimeUnit.SECONDS), "every item was taken");
    workers.shutdown();
    assertEquals(0, overlaps.get(), "never two turns at once");
    for (int i = 0; i < taken.size(); i++) {
      assertEquals(i, taken.get(i), "arrival order");
    }
  }

  @Test
  void audioOverTheBudgetIsRefusedUntilATurnTakesWhatWaits() {
    List<Runnable> turns = new ArrayList<>();
    StreamBacklog<String> backlog = new StreamBacklog<>(turns::add, () -> {}, 100);
    assertTrue(backlog.addAudio("a", 60));
    assertFalse(backlog.addAudio("b", 50), "110 bytes would wait");
    assertTrue(backlog.addAudio("c", 40), "the refused 50 did not count");
    assertFalse(backlog.addAudio("d", 1));
    assertEquals("a", backlog.next());
    backlog.tookAudio(60);
    assertTrue(backlog.addAudio("e", 60));
    backlog.clear();
    assertTrue(backlog.isEmpty());
    assertTrue(backlog.addAudio("f", 100), "clear() empties the budget too");
    assertEquals(1, turns.size(), "one turn scheduled while none has run");
  }
}
