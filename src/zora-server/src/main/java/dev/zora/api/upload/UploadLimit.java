package dev.zora.api.upload;

import dev.zora.api.filter.RouteOrder;
import dev.zora.api.filter.RouteRefusal;
import dev.zora.api.problem.ProblemKind;
import dev.zora.api.problem.ProblemMappers;
import dev.zora.server.ZoraConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refuses an upload over {@code zora.limits.max-upload-bytes} with a problem+json 413 and closes
 * the connection so the client stops sending. One whose Content-Length says so is refused before a
 * byte of its body is read. Any other body that is not a form is read here, on the I/O thread, and
 * refused the moment it passes the limit (RESTEasy would answer a bare 413 at Quarkus' larger body
 * limit); RESTEasy then gets it whole. Left to RESTEasy, a blocking endpoint reads its body on its
 * worker thread through a blocking stream that the I/O thread feeds chunk by chunk, a hand-over
 * between threads per chunk: for a 1 s upload at 48 kHz, a tenth of the server's CPU. A form is
 * counted by RESTEasy's form parser, whose 413 reaches {@link ProblemMappers}.
 */
@ApplicationScoped
public class UploadLimit {
  /**
   * The most a body's buffer takes before its bytes arrive, whatever its Content-Length claims (a 1
   * s 48 kHz stereo WAV fits); a longer body grows it as it comes.
   */
  private static final int LARGEST_FIRST_BUFFER = 256 * 1024;

  private final long maxUploadBytes;

  public UploadLimit(ZoraConfig config) {
    this.maxUploadBytes = config.limits().maxUploadBytes();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteOrder.UPLOAD_LIMIT)
        .handler(
            context -> {
              HttpServerRequest request = context.request();
              long declared = parse(request.getHeader(HttpHeaders.CONTENT_LENGTH));
              if (declared > maxUploadBytes) {
                RouteRefusal.refuse(
                    context,
                    ProblemKind.PAYLOAD_TOO_LARGE,
                    tooLargeDetail(declared, maxUploadBytes));
              } else if (hasBody(request, declared) && !isForm(request)) {
                readWithinLimit(context, declared);
              } else {
                context.next();
              }
            });
  }

  private void readWithinLimit(RoutingContext context, long declared) {
    HttpServerRequest request = context.request();
    Buffer body = Buffer.buffer((int) Math.min(Math.max(declared, 0), LARGEST_FIRST_BUFFER));
    AtomicBoolean refused = new AtomicBoolean();
    request.handler(
        chunk -> {
          if (refused.get()) {
            return;
          }
          if (body.length() + (long) chunk.length() > maxUploadBytes) {
            refused.set(true);
            RouteRefusal.refuse(
                context,
                ProblemKind.PAYLOAD_TOO_LARGE,
                "the upload passed the "
                    + maxUploadBytes
                    + " bytes this server accepts (zora.limits.max-upload-bytes)");
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        end -> {
          if (!refused.get()) {
            context.setBody(body);
            context.next();
          }
        });
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      context.response().writeContinue(); // the client waits for it before it sends the body
    }
    request.resume();
  }

  private static boolean hasBody(HttpServerRequest request, long declared) {
    return declared > 0
        || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
  }

  private static boolean isForm(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded");
  }

  static String tooLargeDetail(long bytes, long limit) {
    return "the upload is "
        + bytes
        + " bytes, more than the "
        + limit
        + " bytes this server accepts (zora.limits.max-upload-bytes)";
  }

  private static long parse(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return -1; // a malformed length is left to the HTTP server, which rejects it
    }
  }
}
