package dev.zora.access;

/**
 * The paths anyone may call, key or not, and that no rate limit counts: the health checks and the
 * metrics, so that orchestrators and Prometheus can probe without a secret, and the dashboard's
 * static files, so that a browser can load the page that asks for the key. They carry no
 * transcripts, keys or audio. Everything else, the API and whatever is added later, is protected.
 */
public final class PublicPaths {
  private static final String HEALTH = "/q/health";
  private static final String METRICS = "/q/metrics";
  private static final String DASHBOARD_PAGE = "/";
  private static final String DASHBOARD_PAGE_FILE = "/index.html";
  private static final String DASHBOARD_FILES = "/dashboard/";

  private PublicPaths() {}

  /**
   * @param normalizedPath the request path with dot segments and duplicate slashes resolved
   */
  public static boolean isPublic(String normalizedPath) {
    return normalizedPath.equals(HEALTH)
        || normalizedPath.startsWith(HEALTH + "/")
        || normalizedPath.equals(METRICS)
        || normalizedPath.equals(DASHBOARD_PAGE)
        || normalizedPath.equals(DASHBOARD_PAGE_FILE)
        || normalizedPath.startsWith(DASHBOARD_FILES);
  }
}
