package dev.zora.access;

/**
 * The operator actions: what changes the server for every client rather than answering one. When
 * admin keys are configured ({@code zora.admin-keys}), only they may call these; client keys may
 * not.
 */
public final class OperatorPaths {
  private static final String RELOAD = "/v1/models/reload";

  private OperatorPaths() {}

  /**
   * @param normalizedPath the request path with dot segments and duplicate slashes resolved
   */
  public static boolean isOperatorAction(String method, String normalizedPath) {
    return "POST".equals(method) && normalizedPath.equals(RELOAD);
  }
}
