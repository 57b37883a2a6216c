package dev.zora.api.upload;

import dev.zora.api.filter.RouteOrder;
import dev.zora.api.filter.RouteRefusal;
import dev.zora.api.problem.ProblemKind;
import dev.zora.server.ZoraConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A request must have sent its whole body within {@code zora.limits.body-deadline} of its headers,
 * or it gets a 408 problem and its connection is closed: a client that trickles its upload a byte
 * at a time (each byte resets the connection's idle timeout) cannot hold a connection and a worker
 * for ever. The deadline ends with the body; the transcription after it has none. WebSocket
 * upgrades carry no body and are not timed.
 */
@ApplicationScoped
public class BodyDeadline {
  private final long deadlineMillis;

  public BodyDeadline(ZoraConfig config) {
    this.deadlineMillis = config.limits().bodyDeadline().toMillis();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteOrder.BODY_DEADLINE)
        .handler(
            context -> {
              HttpServerRequest request = context.request();
              if (request.isEnded()
                  || "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
                context.next();
                return;
              }
              long timer =
                  context
                      .vertx()
                      .setTimer(
                          deadlineMillis,
                          id -> {
                            if (!request.isEnded()
                                && !context.response().ended()
                                && !context.response().closed()) {
                              RouteRefusal.refuse(
                                  context,
                                  ProblemKind.REQUEST_TIMEOUT,
                                  "the request's body did not arrive within "
                                      + deadlineMillis / 1000.0
                                      + " s of its headers (zora.limits.body-deadline); send it at once");
                            }
                          });
              context.addEndHandler(done -> context.vertx().cancelTimer(timer));
              context.next();
            });
  }
}
