package dev.zora.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's packages stay usable without the server (the README's library section): none of
 * them imports Quarkus, Jakarta, Vert.x, MicroProfile, SmallRye, JBoss or Micrometer types.
 */
class FrameworkFreeCoreTest {
  private static final List<String> CORE =
      List.of("audio", "frontend", "model", "inference", "decode", "segmentation", "vad", "explain", "pipeline",
          "naming");
  private static final List<String> FRAMEWORKS = List.of("io.quarkus.", "jakarta.", "io.vertx.",
      "org.eclipse.microprofile.", "io.smallrye.", "org.jboss.", "io.micrometer.");

  @Test
  void noCorePackageImportsAFramework() {
    List<String> found = new ArrayList<>();
    for (String pkg : CORE) {
      try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/zora", pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file)) {
            if (line.startsWith("import ") && FRAMEWORKS.stream().anyMatch(f -> line.contains(" " + f)
                || line.contains(" static " + f))) {
              found.add(file + ": " + line);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertEquals(List.of(), found);
  }
}
