package dev.zora.api;

import dev.zora.server.ZoraConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose Content-Length is over {@code zora.limits.max-upload-bytes} before a byte
 * of its body is read, with a problem+json 413, and closes the connection so the client stops
 * sending. Runs ahead of Quarkus' own body-size check, whose plain 413 remains the backstop for
 * chunked uploads that never declare a length.
 */
@ApplicationScoped
public class UploadLimit {
  /** Just ahead of Quarkus' upload-limit route (order -2), so this answer wins. */
  private static final int ORDER = -3;

  private final long maxUploadBytes;

  public UploadLimit(ZoraConfig config) {
    this.maxUploadBytes = config.limits().maxUploadBytes();
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(context -> {
      String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      long declared = parse(length);
      if (declared <= maxUploadBytes) {
        context.next();
        return;
      }
      RouteRefusal.refuse(context, ProblemKind.PAYLOAD_TOO_LARGE, tooLargeDetail(declared, maxUploadBytes));
    });
  }

  static String tooLargeDetail(long bytes, long limit) {
    return "the upload is " + bytes + " bytes, more than the " + limit
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
