package dev.zora.access;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each holds up to {@code burst} requests and refills at {@code
 * requestsPerMinute}. A bucket that has refilled completely is forgotten, so memory holds only the
 * clients seen within the last refill period.
 */
public final class RateLimiter {
  private static final long NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final int requestsPerMinute;
  private final int burst;
  private final double tokensPerNano;
  private final long sweepEveryNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  /**
   * @param requestsPerMinute the sustained rate per client; 0 turns the limit off
   * @param burst the requests a client may make at once
   * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public RateLimiter(int requestsPerMinute, int burst, LongSupplier nanoClock) {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException(
          "zora.rate-limit.requests-per-minute must be 0 (off) or positive, got "
              + requestsPerMinute);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("zora.rate-limit.burst must be at least 1, got " + burst);
    }
    this.requestsPerMinute = requestsPerMinute;
    this.burst = burst;
    this.tokensPerNano = (double) requestsPerMinute / NANOS_PER_MINUTE;
    this.sweepEveryNanos =
        requestsPerMinute == 0
            ? Long.MAX_VALUE
            : Math.max(TimeUnit.SECONDS.toNanos(1), NANOS_PER_MINUTE * burst / requestsPerMinute);
    this.nanoClock = nanoClock;
    this.lastSweep = new AtomicLong(nanoClock.getAsLong());
  }

  public boolean enabled() {
    return requestsPerMinute > 0;
  }

  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  public int burst() {
    return burst;
  }

  /**
   * Counts one request of {@code client}. Empty when it may go ahead; otherwise how long the client
   * must wait before its next request would be admitted.
   */
  public Optional<Duration> acquire(String client) {
    long now = nanoClock.getAsLong();
    sweep(now);
    Bucket bucket =
        buckets.compute(
            client,
            (id, old) ->
                (old == null
                        ? new Bucket(burst, now, false)
                        : old.refilled(now, tokensPerNano, burst))
                    .take());
    if (bucket.admitted()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens()) / tokensPerNano)));
  }

  /** Clients currently remembered; a client whose bucket is full again is not among them. */
  int trackedClients() {
    return buckets.size();
  }

  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last < sweepEveryNanos || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    for (String client : buckets.keySet()) {
      buckets.computeIfPresent(
          client,
          (id, bucket) ->
              bucket.refilled(now, tokensPerNano, burst).tokens() >= burst ? null : bucket);
    }
  }

  /** The tokens a client has left at {@code atNanos}, and whether its latest request took one. */
  private record Bucket(double tokens, long atNanos, boolean admitted) {
    private Bucket refilled(long now, double perNano, int capacity) {
      return new Bucket(Math.min(capacity, tokens + (now - atNanos) * perNano), now, admitted);
    }

    private Bucket take() {
      return tokens >= 1
          ? new Bucket(tokens - 1, atNanos, true)
          : new Bucket(tokens, atNanos, false);
    }
  }
}
