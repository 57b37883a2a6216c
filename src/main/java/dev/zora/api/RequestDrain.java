package dev.zora.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP requests in flight, and once told to stop accepting answers every new one with a
 * problem+json 503, so that shutdown can wait for the others to finish. WebSocket upgrades are not
 * counted: a stream is a connection that lasts, which StreamSessions ends on its own. (Quarkus' own
 * graceful shutdown counts them and then waits out its whole timeout.)
 */
@ApplicationScoped
public class RequestDrain {
  /** Ahead of every other route, UploadLimit's included. */
  private static final int ORDER = -4;
  private static final long POLL_MILLIS = 20;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(context -> {
      if (stopping) {
        RouteRefusal.refuse(context, ProblemKind.SHUTTING_DOWN,
            "the server is shutting down; retry on another instance or when it is back");
        return;
      }
      if (!"websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
        inFlight.incrementAndGet();
        context.addEndHandler(done -> inFlight.decrementAndGet());
      }
      context.next();
    });
  }

  /** From now on every new request gets 503; the ones in flight go on. */
  void stopAccepting() {
    stopping = true;
  }

  /** Waits until no request is in flight, or {@code timeout} has passed; returns how many are left. */
  int awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    return inFlight.get();
  }
}
