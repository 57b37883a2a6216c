package dev.zora.api.upload;

import dev.zora.api.filter.RouteOrder;
import dev.zora.api.filter.RouteRefusal;
import dev.zora.api.problem.ProblemKind;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * An upload the server has no room to store (the disk or the temporary folder is full, or a file
 * size limit is reached while the body is written to {@code quarkus.http.body.uploads-directory})
 * gets a problem+json 507 naming the cause, instead of Quarkus' bare 500; the partial file is
 * deleted by the body handler and only that request fails.
 */
@ApplicationScoped
public class UploadStorage {
  private static final Logger LOG = Logger.getLogger(UploadStorage.class);

  /** strerror texts of ENOSPC, EDQUOT and EFBIG, which is all Java reports of them. */
  private static final Set<String> NO_ROOM =
      Set.of("No space left on device", "Disk quota exceeded", "File too large");

  void install(@Observes Router router) {
    router
        .route()
        .order(RouteOrder.UPLOAD_STORAGE)
        .failureHandler(
            context -> {
              String cause = noRoomCause(context.failure());
              if (cause == null) {
                context.next();
                return;
              }
              LOG.warnf(
                  "an upload to %s failed: %s (quarkus.http.body.uploads-directory)",
                  context.request().path(), cause);
              RouteRefusal.refuse(
                  context,
                  ProblemKind.INSUFFICIENT_STORAGE,
                  "the server has no room to store this upload ("
                      + cause
                      + "); retry later or send a smaller file");
            });
  }

  private static String noRoomCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        for (String text : NO_ROOM) {
          if (t.getMessage().contains(text)) {
            return text;
          }
        }
      }
    }
    return null;
  }
}
