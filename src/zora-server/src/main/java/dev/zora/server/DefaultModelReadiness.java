package dev.zora.server;

import dev.zora.pipeline.Zora;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the default model serves: before that, every default request would fail. */
@Readiness
@ApplicationScoped
public class DefaultModelReadiness implements HealthCheck {
  private final Zora zora;

  public DefaultModelReadiness(Zora zora) {
    this.zora = zora;
  }

  @Override
  public HealthCheckResponse call() {
    String id = zora.defaultModel();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("default-model")
            .withData("model", id)
            .withData("device", zora.runtime().device().name().toLowerCase());
    return zora.model(id)
        .map(
            status ->
                switch (status.state()) {
                  case READY -> response.up().withData("state", "ready");
                  // Still serving its last good version: ready, and saying what an operator must
                  // fix.
                  case STALE ->
                      response
                          .up()
                          .withData("state", "stale")
                          .withData("reason", status.reason())
                          .withData("failedAt", status.failedAt().toString());
                  case FAILED ->
                      response
                          .down()
                          .withData("state", "failed")
                          .withData("reason", status.reason());
                })
        .orElseGet(
            () ->
                response
                    .down()
                    .withData("state", "missing")
                    .withData("reason", "no bundle with this id in " + zora.modelsDirectory()))
        .build();
  }
}
