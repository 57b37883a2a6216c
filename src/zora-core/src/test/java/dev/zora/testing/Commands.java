package dev.zora.testing;

import java.io.IOException;

/** External tools the tests use where the machine has them (sox, promtool). */
public final class Commands {
  private Commands() {}

  /** True when the command runs and exits 0; false when it fails or is not installed. */
  public static boolean succeeds(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
