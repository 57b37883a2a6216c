package dev.zora.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zora.task.ModelTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes as a bundle's {@code zora.json} give a manifest or an InvalidBundleException with a
 * reason, which the registry shows as the bundle's failed state; nothing else escapes to take the
 * other bundles down with it. The bundle folder holds the graph files the real bundles name, so a
 * manifest that names them gets past the file checks.
 */
class ManifestReaderFuzzTest {
  private final ManifestReader reader = ModelTask.manifestReader();
  private Path bundle;

  @BeforeEach
  void makeBundle() throws IOException {
    bundle = Files.createTempDirectory("zora-fuzz-bundle");
    for (String graph : new String[] {"model.onnx", "encoder.onnx", "decoder.onnx"}) {
      Files.write(bundle.resolve(graph), new byte[0]);
    }
  }

  @AfterEach
  void removeBundle() throws IOException {
    try (var files = Files.list(bundle)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(bundle);
  }

  @FuzzTest(maxDuration = "3s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void readsOrExplains(byte[] manifest) throws IOException {
    Files.write(bundle.resolve(ManifestReader.MANIFEST_FILE), manifest);
    try {
      assertNotNull(reader.read(bundle).task());
    } catch (InvalidBundleException invalid) {
      assertTrue(
          invalid.getMessage() != null && !invalid.getMessage().isBlank(),
          "a refusal without a reason");
    }
  }
}
