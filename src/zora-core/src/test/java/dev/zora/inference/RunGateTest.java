package dev.zora.inference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunGateTest {

  @Test
  void refusesAtOnceWhenEverySlotIsBusyAndTheQueueIsFull() {
    RunGate gate = new RunGate(1, 0, Duration.ofSeconds(10));
    gate.acquire();
    OverCapacityException e = assertThrows(OverCapacityException.class, gate::acquire);
    assertTrue(e.getMessage().contains("busy"), e.getMessage());
    gate.release();
    gate.acquire(); // the freed slot is usable again
    gate.release();
  }

  @Test
  void aWaitingRunGetsTheSlotWhenItIsReleased() throws Exception {
    RunGate gate = new RunGate(1, 1, Duration.ofSeconds(10));
    gate.acquire();
    CountDownLatch got = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              gate.acquire();
              got.countDown();
              gate.release();
            });
    waiter.start();
    gate.release();
    assertTrue(got.await(5, TimeUnit.SECONDS), "waiting run never got the slot");
    waiter.join();
  }

  @Test
  void aRunThatWaitsTooLongIsRefused() {
    RunGate gate = new RunGate(1, 1, Duration.ofMillis(50));
    gate.acquire();
    OverCapacityException e = assertThrows(OverCapacityException.class, gate::acquire);
    assertTrue(e.getMessage().contains("within 50 ms"), e.getMessage());
  }
}
