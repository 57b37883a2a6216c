package dev.zora.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock the test moves by hand. */
  private long now = 1_000_000_000L;

  private RateLimiter limiter(int requestsPerMinute, int burst) {
    return new RateLimiter(requestsPerMinute, burst, () -> now);
  }

  private void advance(Duration duration) {
    now += duration.toNanos();
  }

  @Test
  void admitsABurstThenRefusesWithTheWaitForTheNextToken() {
    RateLimiter limiter = limiter(60, 3); // one request a second, three at once
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), limiter.acquire("a"), "request " + (i + 1));
    }
    assertEquals(Optional.of(Duration.ofSeconds(1)), limiter.acquire("a"));
    advance(Duration.ofMillis(400));
    assertEquals(Optional.of(Duration.ofMillis(600)), limiter.acquire("a"));
  }

  @Test
  void refillsAtTheConfiguredRateAndNoFurtherThanTheBurst() {
    RateLimiter limiter = limiter(60, 2);
    limiter.acquire("a");
    limiter.acquire("a");
    assertTrue(limiter.acquire("a").isPresent());
    advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), limiter.acquire("a"));
    assertTrue(limiter.acquire("a").isPresent());
    advance(Duration.ofHours(1)); // a long pause still earns only the burst
    assertEquals(Optional.empty(), limiter.acquire("a"));
    assertEquals(Optional.empty(), limiter.acquire("a"));
    assertTrue(limiter.acquire("a").isPresent());
  }

  @Test
  void aRefusedRequestCostsNothing() {
    RateLimiter limiter = limiter(60, 1);
    limiter.acquire("a");
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.acquire("a").isPresent());
    }
    advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), limiter.acquire("a"));
  }

  @Test
  void eachClientHasItsOwnAllowance() {
    RateLimiter limiter = limiter(1, 1);
    assertEquals(Optional.empty(), limiter.acquire("a"));
    assertTrue(limiter.acquire("a").isPresent());
    assertEquals(Optional.empty(), limiter.acquire("b"));
  }

  @Test
  void forgetsClientsWhoseBucketHasRefilled() {
    RateLimiter limiter = limiter(60, 2);
    limiter.acquire("a");
    limiter.acquire("b");
    assertEquals(2, limiter.trackedClients());
    advance(Duration.ofSeconds(1)); // a and b are full again, but the sweep is due only after 2 s
    limiter.acquire("c");
    assertEquals(3, limiter.trackedClients());
    advance(Duration.ofSeconds(1));
    limiter.acquire("c");
    assertEquals(
        1, limiter.trackedClients(), "only c, still short of a full bucket, is remembered");
  }

  @Test
  void zeroRequestsPerMinuteIsOff() {
    assertFalse(limiter(0, 10).enabled());
    assertTrue(limiter(1, 10).enabled());
  }

  @Test
  void refusesSettingsThatMakeNoSense() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> limiter(-1, 10))
            .getMessage()
            .contains("zora.rate-limit.requests-per-minute"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> limiter(60, 0))
            .getMessage()
            .contains("zora.rate-limit.burst"));
  }

  @Test
  void aSlowRateWaitsMinutes() {
    RateLimiter limiter = limiter(1, 1);
    limiter.acquire("a");
    assertEquals(Optional.of(Duration.ofNanos(TimeUnit.MINUTES.toNanos(1))), limiter.acquire("a"));
  }
}
