package dev.zora.api.filter;

import dev.zora.api.problem.ProblemKind;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request line over {@code quarkus.http.limits.max-initial-line-length} gets a problem+json 414,
 * headers over {@code quarkus.http.limits.max-header-size} a problem+json 431, and the connection
 * is closed. Vert.x would answer both itself, before any route, with a bare status and no body; so
 * its own limits are raised to {@value #BACKSTOP_FACTOR} times Quarkus' and stay only the backstop
 * against heads far beyond them, which still get Vert.x' bare answer.
 */
@ApplicationScoped
public class RequestHeadLimits implements HttpServerOptionsCustomizer {
  static final int BACKSTOP_FACTOR = 4;

  /**
   * The bytes around a header's name and value in its line: ": " (the CRLF is not counted, as in
   * Netty).
   */
  private static final int HEADER_LINE_OVERHEAD = 2;

  private final int maxRequestLine;
  private final int maxHeaderBytes;

  public RequestHeadLimits(
      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096")
          int maxRequestLine,
      @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K")
          MemorySize maxHeaderSize) {
    this.maxRequestLine = maxRequestLine;
    this.maxHeaderBytes = (int) maxHeaderSize.asLongValue();
  }

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    options.setMaxInitialLineLength(maxRequestLine * BACKSTOP_FACTOR);
    options.setMaxHeaderSize(maxHeaderBytes * BACKSTOP_FACTOR);
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteOrder.HEAD_LIMITS)
        .handler(
            context -> {
              HttpServerRequest request = context.request();
              int line = requestLineLength(request);
              if (line > maxRequestLine) {
                RouteRefusal.refuse(
                    context,
                    ProblemKind.URI_TOO_LONG,
                    "the request line is "
                        + line
                        + " bytes, more than the "
                        + maxRequestLine
                        + " this server reads (quarkus.http.limits.max-initial-line-length); send long"
                        + " parameters in the body");
                return;
              }
              long headers = headerBytes(request);
              if (headers > maxHeaderBytes) {
                RouteRefusal.refuse(
                    context,
                    ProblemKind.HEADERS_TOO_LARGE,
                    "the request's headers are "
                        + headers
                        + " bytes, more than the "
                        + maxHeaderBytes
                        + " this server reads (quarkus.http.limits.max-header-size)");
                return;
              }
              context.next();
            });
  }

  /** As Netty counts it: method, URI and version with the two spaces between them. */
  private static int requestLineLength(HttpServerRequest request) {
    return request.method().name().length() + 1 + request.uri().length() + 1 + "HTTP/1.1".length();
  }

  private static long headerBytes(HttpServerRequest request) {
    long bytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      bytes += header.getKey().length() + HEADER_LINE_OVERHEAD + header.getValue().length();
    }
    return bytes;
  }
}
