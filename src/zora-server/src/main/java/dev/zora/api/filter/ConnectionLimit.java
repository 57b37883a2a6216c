package dev.zora.api.filter;

import dev.zora.api.problem.ProblemKind;
import dev.zora.server.ZoraConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code zora.limits.max-connections-per-address} connections from one client address (the
 * TCP peer, not a forwarded header): the request that would open one more gets a problem+json 503
 * with Retry-After and its connection is closed, so one client holding kept-alive connections or
 * streams cannot take every slot of {@code quarkus.http.limits.max-connections}, the total cap. The
 * total counts a connection from the moment it is accepted; this cap from its first request's
 * headers (Quarkus holds the only hook before them). A connection that never finishes its headers
 * is bounded by the total and closed at the idle timeout, which the bytes of an unfinished head do
 * not reset.
 */
@ApplicationScoped
public class ConnectionLimit implements HttpServerOptionsCustomizer {
  private static final int RETRY_AFTER_SECONDS = 5;

  private final int maxPerAddress;
  private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

  public ConnectionLimit(ZoraConfig config) {
    this.maxPerAddress = config.limits().maxConnectionsPerAddress();
  }

  /**
   * Without cleartext HTTP/2, Vert.x creates a connection when it is accepted; with it, not before
   * the first request's head is whole (the head may ask to upgrade), and a connection that never
   * finishes its head would escape quarkus.http.limits.max-connections.
   */
  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    options.setHttp2ClearTextEnabled(false);
  }

  void install(@Observes Router router) {
    if (maxPerAddress <= 0) {
      return; // no cap: behind a reverse proxy every connection comes from its address
    }
    router.route().order(RouteOrder.CONNECTION_LIMIT).handler(this::check);
  }

  private void check(RoutingContext context) {
    HttpConnection connection = context.request().connection();
    // Vert.x' connections are all ConnectionBase, whose close future takes any number of listeners;
    // HttpConnection.closeHandler takes one, and Quarkus' total cap holds it.
    if (!(connection instanceof ConnectionBase base) || connection.remoteAddress() == null) {
      context.next();
      return;
    }
    String address = connection.remoteAddress().hostAddress();
    if (counted.putIfAbsent(connection, address) == null) {
      int open = perAddress.merge(address, 1, Integer::sum);
      base.closeFuture().onComplete(closed -> release(connection));
      if (open > maxPerAddress) {
        context.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        RouteRefusal.refuse(
            context,
            ProblemKind.TOO_MANY_CONNECTIONS,
            "this client address has "
                + maxPerAddress
                + " connections open, the most this server allows one address (zora.limits.max-connections-per-address);"
                + " reuse a kept-alive connection or close one");
        return;
      }
    }
    context.next();
  }

  private void release(HttpConnection connection) {
    String address = counted.remove(connection);
    if (address != null) {
      perAddress.computeIfPresent(address, (a, open) -> open == 1 ? null : open - 1);
    }
  }
}
