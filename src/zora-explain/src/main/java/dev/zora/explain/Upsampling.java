package dev.zora.explain;

/**
 * Bilinear resizing of a small time-frequency grid to the log-mel input's frames and mel bins, with
 * cell centres aligned (PyTorch's {@code interpolate(..., align_corners=False)}).
 */
final class Upsampling {
  private Upsampling() {}

  /**
   * @param grid row-major {@code [rows][cols]}
   */
  static float[] bilinear(float[] grid, int rows, int cols, int toRows, int toCols) {
    float[] out = new float[toRows * toCols];
    for (int r = 0; r < toRows; r++) {
      double y = Math.max(0, (r + 0.5) * rows / toRows - 0.5);
      int y0 = Math.min((int) y, rows - 1);
      int y1 = Math.min(y0 + 1, rows - 1);
      double wy = y - y0;
      for (int c = 0; c < toCols; c++) {
        double x = Math.max(0, (c + 0.5) * cols / toCols - 0.5);
        int x0 = Math.min((int) x, cols - 1);
        int x1 = Math.min(x0 + 1, cols - 1);
        double wx = x - x0;
        double top = grid[y0 * cols + x0] * (1 - wx) + grid[y0 * cols + x1] * wx;
        double bottom = grid[y1 * cols + x0] * (1 - wx) + grid[y1 * cols + x1] * wx;
        out[r * toCols + c] = (float) (top * (1 - wy) + bottom * wy);
      }
    }
    return out;
  }
}
