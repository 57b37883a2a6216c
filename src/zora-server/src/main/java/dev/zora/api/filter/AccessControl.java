package dev.zora.api.filter;

import dev.zora.access.ApiKeys;
import dev.zora.access.OperatorPaths;
import dev.zora.access.PublicPaths;
import dev.zora.access.RateLimiter;
import dev.zora.api.problem.ProblemKind;
import dev.zora.server.ZoraConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * API keys and the per-client rate limit, checked on every HTTP request before it is routed: REST
 * calls, WebSocket upgrade requests (so a stream is refused at its handshake) and any path added
 * later alike. Only {@link PublicPaths} pass unchecked; {@link OperatorPaths} need an admin key
 * when admin keys are configured.
 */
@ApplicationScoped
public class AccessControl {
  private static final Logger LOG = Logger.getLogger(AccessControl.class);

  private static final String BEARER = "bearer ";
  private static final String API_KEY_HEADER = "X-API-Key";
  private static final String KEY_SUBPROTOCOL = "zora-key.";
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private final ApiKeys keys;
  private final ApiKeys adminKeys;
  private final RateLimiter rateLimiter;

  public AccessControl(ZoraConfig config) {
    this.keys = ApiKeys.of(config.apiKeys().orElse(List.of()));
    this.adminKeys = ApiKeys.of(config.adminKeys().orElse(List.of()));
    this.rateLimiter =
        new RateLimiter(
            config.rateLimit().requestsPerMinute(), config.rateLimit().burst(), System::nanoTime);
  }

  void install(@Observes Router router) {
    if (keys.required()) {
      LOG.infof(
          "API keys required everywhere but /q/health and /q/metrics (%d configured)",
          keys.count());
    }
    if (adminKeys.required()) {
      LOG.infof("admin keys required for operator actions (%d configured)", adminKeys.count());
    }
    if (rateLimiter.enabled()) {
      LOG.infof(
          "rate limit per client: %d a minute, bursts of %d",
          rateLimiter.requestsPerMinute(), rateLimiter.burst());
    }
    if (keys.required() || adminKeys.required() || rateLimiter.enabled()) {
      router.route().order(RouteOrder.ACCESS_CONTROL).handler(this::check);
    }
  }

  private void check(RoutingContext context) {
    if (PublicPaths.isPublic(context.normalizedPath())) {
      context.next();
      return;
    }
    HttpServerRequest request = context.request();
    String client;
    if (adminKeys.required()
        && OperatorPaths.isOperatorAction(request.method().name(), context.normalizedPath())) {
      Optional<String> presented = presentedKey(request);
      if (presented.isEmpty()) {
        refuseUnauthorized(
            context,
            "this is an operator action: send an admin key (zora.admin-keys) as"
                + " `Authorization: Bearer <key>` or `X-API-Key: <key>`");
        return;
      }
      if (adminKeys.match(presented.get()).isEmpty()) {
        RouteRefusal.refuse(
            context,
            ProblemKind.FORBIDDEN,
            "this is an operator action and the key is not an admin key (zora.admin-keys)");
        return;
      }
      client = "admin key";
    } else if (keys.required()) {
      Optional<String> presented = presentedKey(request);
      if (presented.isEmpty()) {
        refuseUnauthorized(
            context,
            "this server requires an API key: send it as `Authorization: Bearer <key>`"
                + " or `X-API-Key: <key>` (a browser's WebSocket: offer the subprotocols `zora.v1` and `zora-key.<key>`)");
        return;
      }
      OptionalInt index = keys.match(presented.get());
      if (index.isEmpty() && adminKeys.match(presented.get()).isEmpty()) {
        refuseUnauthorized(context, "the API key is not one this server accepts");
        return;
      }
      client = index.isPresent() ? "key " + (index.getAsInt() + 1) : "admin key";
    } else {
      SocketAddress address = request.remoteAddress();
      client = address == null ? "unknown address" : address.host();
    }
    if (rateLimiter.enabled()) {
      Optional<Duration> wait = rateLimiter.acquire(client);
      if (wait.isPresent()) {
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        RouteRefusal.refuse(
            context,
            ProblemKind.RATE_LIMITED,
            "this client is over its rate limit of "
                + rateLimiter.requestsPerMinute()
                + " a minute in bursts of "
                + rateLimiter.burst()
                + " (zora.rate-limit.*); retry after "
                + seconds
                + " s");
        return;
      }
    }
    context.next();
  }

  /**
   * The key from {@code Authorization: Bearer <key>}, else from {@code X-API-Key}, else (a
   * browser's WebSocket, which cannot set headers) from an offered subprotocol {@code
   * zora-key.<key>}, the way OpenAI's Realtime API and Deepgram take keys from browsers. The server
   * answers with the {@code zora.v1} subprotocol only
   * (quarkus.websockets-next.server.supported-subprotocols), so the key is never echoed.
   */
  private static Optional<String> presentedKey(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return Optional.of(authorization.substring(BEARER.length()).strip())
          .filter(key -> !key.isEmpty());
    }
    Optional<String> header =
        Optional.ofNullable(request.getHeader(API_KEY_HEADER))
            .map(String::strip)
            .filter(key -> !key.isEmpty());
    if (header.isPresent()) {
      return header;
    }
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols == null) {
      return Optional.empty();
    }
    for (String protocol : protocols.split(",")) {
      String offered = protocol.strip();
      if (offered.startsWith(KEY_SUBPROTOCOL) && offered.length() > KEY_SUBPROTOCOL.length()) {
        return Optional.of(offered.substring(KEY_SUBPROTOCOL.length()));
      }
    }
    return Optional.empty();
  }

  private static void refuseUnauthorized(RoutingContext context, String detail) {
    context.response().putHeader(WWW_AUTHENTICATE, "Bearer realm=\"zora\"");
    RouteRefusal.refuse(context, ProblemKind.UNAUTHORIZED, detail);
  }
}
