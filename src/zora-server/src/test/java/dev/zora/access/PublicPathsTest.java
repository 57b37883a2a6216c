package dev.zora.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublicPathsTest {

  @Test
  void healthChecksAndMetricsArePublic() {
    for (String path :
        new String[] {
          "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics"
        }) {
      assertTrue(PublicPaths.isPublic(path), path);
    }
  }

  @Test
  void theDashboardsStaticFilesArePublic() {
    for (String path :
        new String[] {"/", "/index.html", "/dashboard/main.js", "/dashboard/style.css"}) {
      assertTrue(PublicPaths.isPublic(path), path);
    }
  }

  @Test
  void everythingElseIsProtected() {
    for (String path :
        new String[] {
          "/v1/models",
          "/v1/models/reload",
          "/v1/transcriptions",
          "/v1/stream",
          "/q/openapi",
          "/q/healthy",
          "/q/metrics/extra",
          "/q/metricsx",
          "/index.htm",
          "/dashboard",
          "/dashboards/x.js",
          "/v1/dashboard/"
        }) {
      assertFalse(PublicPaths.isPublic(path), path);
    }
  }
}
