package dev.zora.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request with a problem+json refusal from a Vert.x route, before JAX-RS sees it, and
 * closes the connection: the body the client may still be sending is never read, so the
 * connection cannot carry another request.
 */
final class RouteRefusal {
  private RouteRefusal() {}

  /** Callers put any further header (Retry-After, WWW-Authenticate) on the response first. */
  static void refuse(RoutingContext context, ProblemKind kind, String detail) {
    Problem problem = kind.problem(detail, context.request().path());
    context.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Json.encode(problem))
        .onComplete(done -> context.request().connection().close());
  }
}
