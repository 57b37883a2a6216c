package dev.zora.api.filter;

import dev.zora.api.problem.ErrorBody;
import dev.zora.api.problem.ProblemKind;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers a request with a problem+json refusal (OpenAI's error JSON on its surface) from a Vert.x
 * route, before JAX-RS sees it, and closes the connection, which cannot carry another request once
 * its body is left unread.
 *
 * <p>The close lingers: the rest of the body is read and dropped for a moment first. Closing a
 * socket with unread bytes in it resets the connection, and a client still sending its upload would
 * then see a broken pipe instead of the refusal. The linger is bounded in bytes and time, so a
 * client sending gigabytes is still cut off.
 */
public final class RouteRefusal {
  private static final long LINGER_BYTES = 1 << 20;
  private static final long LINGER_MILLIS = 2_000;

  private RouteRefusal() {}

  /** Callers put any further header (Retry-After, WWW-Authenticate) on the response first. */
  public static void refuse(RoutingContext context, ProblemKind kind, String detail) {
    String path = context.normalizedPath();
    context
        .response()
        .setStatusCode(kind.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.mediaType(path))
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Json.encode(ErrorBody.of(kind, detail, path)))
        .onComplete(done -> closeAfterBody(context));
  }

  private static void closeAfterBody(RoutingContext context) {
    HttpServerRequest request = context.request();
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            request.connection().close();
          }
        };
    if (request.isEnded()) {
      close.run();
      return;
    }
    long timer = context.vertx().setTimer(LINGER_MILLIS, id -> close.run());
    AtomicLong dropped = new AtomicLong();
    request.handler(
        chunk -> {
          if (dropped.addAndGet(chunk.length()) > LINGER_BYTES) {
            close.run();
          }
        });
    request.endHandler(
        end -> {
          context.vertx().cancelTimer(timer);
          close.run();
        });
    request.resume();
  }
}
