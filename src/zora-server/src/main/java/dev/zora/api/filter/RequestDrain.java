package dev.zora.api.filter;

import dev.zora.api.problem.ProblemKind;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the HTTP requests in flight, and once told to stop accepting answers every new one with a
 * problem+json 503, so that shutdown can wait for the others to finish. WebSocket upgrades are not
 * counted: a stream is a connection that lasts, which StreamSessions ends on its own. (Quarkus' own
 * graceful shutdown counts them and then waits out its whole timeout.)
 */
@ApplicationScoped
public class RequestDrain {
  private static final long POLL_MILLIS = 20;

  /**
   * The requests in flight. Each leaves on its end handler, and any whose response has ended or
   * whose connection has closed is dropped when counted: a path that never runs the end handler
   * (Quarkus' own 413 for a chunked upload over the body limit is one) cannot hold a shutdown.
   */
  private final Set<RoutingContext> inFlight = ConcurrentHashMap.newKeySet();

  private volatile boolean stopping;

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteOrder.DRAIN)
        .handler(
            context -> {
              if (stopping) {
                RouteRefusal.refuse(
                    context,
                    ProblemKind.SHUTTING_DOWN,
                    "the server is shutting down; retry on another instance or when it is back");
                return;
              }
              if (!"websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
                inFlight.add(context);
                context.addEndHandler(done -> inFlight.remove(context));
              }
              context.next();
            });
  }

  /** From now on every new request gets 503; the ones in flight go on. */
  void stopAccepting() {
    stopping = true;
  }

  private int unfinished() {
    inFlight.removeIf(context -> context.response().ended() || context.response().closed());
    return inFlight.size();
  }

  /**
   * Waits until no request is in flight, or {@code timeout} has passed; returns how many are left.
   */
  int awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (unfinished() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    return unfinished();
  }
}
