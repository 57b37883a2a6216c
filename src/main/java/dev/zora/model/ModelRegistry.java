package dev.zora.model;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every bundle under a models folder ({@code <dir>/<folder>/zora.json}), loaded once at start-up.
 * Each bundle either serves or reports why not; one broken bundle never keeps the others from
 * loading.
 *
 * @param <M> what a loaded bundle is turned into (sessions, front end, decoder)
 */
public final class ModelRegistry<M extends AutoCloseable> implements AutoCloseable {
  private static final Logger LOG = System.getLogger(ModelRegistry.class.getName());

  /** Turns a validated manifest into something that serves; any exception marks the bundle failed. */
  @FunctionalInterface
  public interface Loader<M> {
    M load(ModelManifest manifest, Path bundleDir) throws Exception;
  }

  private final Path directory;
  private final Map<String, ModelStatus> statuses;
  private final Map<String, M> loaded;

  private ModelRegistry(Path directory, Map<String, ModelStatus> statuses, Map<String, M> loaded) {
    this.directory = directory;
    this.statuses = Collections.unmodifiableMap(statuses);
    this.loaded = Collections.unmodifiableMap(loaded);
  }

  /** Scans {@code directory} and loads every bundle in it, in folder-name order. */
  public static <M extends AutoCloseable> ModelRegistry<M> open(Path directory, Loader<M> loader) {
    Map<String, ModelStatus> statuses = new LinkedHashMap<>();
    Map<String, M> loaded = new LinkedHashMap<>();
    ManifestReader reader = new ManifestReader();
    for (Path bundle : bundleFolders(directory)) {
      ModelManifest manifest;
      try {
        manifest = reader.read(bundle);
      } catch (InvalidBundleException e) {
        record(statuses, ModelStatus.failed(bundle.getFileName().toString(), bundle, e.getMessage(), null));
        continue;
      }
      if (statuses.containsKey(manifest.id())) {
        String reason = "another bundle (" + statuses.get(manifest.id()).directory() + ") already has id \""
            + manifest.id() + "\"";
        record(statuses, ModelStatus.failed(bundle.getFileName().toString(), bundle, reason, manifest));
        continue;
      }
      try {
        loaded.put(manifest.id(), loader.load(manifest, bundle));
        record(statuses, ModelStatus.ready(manifest, bundle));
      } catch (Exception e) { // whatever a bundle throws only fails that bundle
        record(statuses, ModelStatus.failed(manifest.id(), bundle, describe(e), manifest));
      }
    }
    return new ModelRegistry<>(directory, statuses, loaded);
  }

  public Path directory() {
    return directory;
  }

  /** Every bundle folder found, ready or failed, in folder-name order. */
  public List<ModelStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  public Optional<ModelStatus> status(String id) {
    return Optional.ofNullable(statuses.get(id));
  }

  /**
   * The loaded bundle.
   *
   * @throws UnknownModelException when no bundle has this id
   * @throws ModelNotReadyException when the bundle failed to load
   */
  public M get(String id) {
    ModelStatus status = statuses.get(id);
    if (status == null) {
      throw new UnknownModelException(id, statuses.keySet());
    }
    if (!status.isReady()) {
      throw new ModelNotReadyException(id, status.reason());
    }
    return loaded.get(id);
  }

  @Override
  public void close() {
    for (Map.Entry<String, M> entry : loaded.entrySet()) {
      try {
        entry.getValue().close();
      } catch (Exception e) { // keep closing the others; native memory of each must be released
        LOG.log(Level.WARNING, "closing model " + entry.getKey() + " failed: " + describe(e));
      }
    }
  }

  private static List<Path> bundleFolders(Path directory) {
    if (!Files.isDirectory(directory)) {
      LOG.log(Level.WARNING, "models folder " + directory.toAbsolutePath() + " does not exist; no models loaded");
      return List.of();
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve(ManifestReader.MANIFEST_FILE)))
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.log(Level.ERROR, "cannot list models folder " + directory.toAbsolutePath() + ": " + e.getMessage());
      return List.of();
    }
  }

  private static void record(Map<String, ModelStatus> statuses, ModelStatus status) {
    statuses.put(status.id(), status);
    if (status.isReady()) {
      LOG.log(Level.INFO, "model " + status.id() + " ready (" + status.directory() + ")");
    } else {
      LOG.log(Level.WARNING, "model " + status.id() + " failed (" + status.directory() + "): " + status.reason());
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
