package dev.zora.model;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Every bundle under a models folder ({@code <dir>/<folder>/zora.json}), loaded at start-up and
 * again by {@link #reload()}. Each bundle either serves or reports why not; one broken bundle never
 * keeps the others from loading, and a reload never makes things worse: a bundle that served and
 * whose new version fails to load keeps serving its last good version, reported as stale.
 *
 * <p>Readers see one snapshot of the folder at a time, swapped whole by a reload, and use a model
 * through a {@link Lease}: a model that a reload replaces or removes is closed only once its last
 * lease is released.
 *
 * @param <M> what a loaded bundle is turned into (sessions, front end, decoder)
 */
public final class ModelRegistry<M extends AutoCloseable> implements AutoCloseable {
  private static final Logger LOG = System.getLogger(ModelRegistry.class.getName());

  /**
   * Turns a validated manifest into something that serves; any exception marks the bundle failed.
   */
  @FunctionalInterface
  public interface Loader<M> {
    M load(ModelManifest manifest, Path bundleDir) throws Exception;
  }

  /**
   * One bundle folder as last scanned; {@code model} and {@code fingerprint} are null when it
   * failed.
   */
  private record Entry<M extends AutoCloseable>(
      ModelStatus status, BundleFingerprint fingerprint, SharedModel<M> model) {}

  /** Every entry of one scan, by id, in folder-name order. */
  private record Snapshot<M extends AutoCloseable>(Map<String, Entry<M>> entries) {
    Snapshot {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  private final Path directory;
  private final Loader<M> loader;
  private final ManifestReader reader;
  private final AtomicReference<Snapshot<M>> current =
      new AtomicReference<>(new Snapshot<>(Map.of()));
  private boolean closed; // guarded by this

  private ModelRegistry(Path directory, ManifestReader reader, Loader<M> loader) {
    this.directory = directory;
    this.reader = reader;
    this.loader = loader;
  }

  /**
   * Scans {@code directory} and loads every bundle in it, in folder-name order.
   *
   * @param reader reads and checks each bundle's manifest before {@code loader} sees it
   */
  public static <M extends AutoCloseable> ModelRegistry<M> open(
      Path directory, ManifestReader reader, Loader<M> loader) {
    ModelRegistry<M> registry = new ModelRegistry<>(directory, reader, loader);
    registry.reload();
    return registry;
  }

  public Path directory() {
    return directory;
  }

  /** Every bundle folder found, ready or failed, in folder-name order. */
  public List<ModelStatus> statuses() {
    return statusesOf(current.get());
  }

  public Optional<ModelStatus> status(String id) {
    return Optional.ofNullable(current.get().entries().get(id)).map(Entry::status);
  }

  /**
   * A lease on the loaded bundle; close it when done.
   *
   * @throws UnknownModelException when no bundle has this id
   * @throws ModelNotReadyException when the bundle failed to load
   */
  public Lease<M> acquire(String id) {
    while (true) {
      Snapshot<M> snapshot = current.get();
      Entry<M> entry = snapshot.entries().get(id);
      if (entry == null) {
        throw new UnknownModelException(id, snapshot.entries().keySet());
      }
      if (entry.model() == null) {
        throw new ModelNotReadyException(id, entry.status().reason());
      }
      Optional<Lease<M>> lease = entry.model().lease();
      if (lease.isPresent()) {
        return lease.get();
      }
      // A reload retired this model after the snapshot was read; it had already published the next
      // one.
    }
  }

  /**
   * Scans the folder again, one reload at a time. A bundle that loaded before and whose manifest
   * and files are unchanged keeps its loaded model; new and changed bundles load, failed ones are
   * tried again. A bundle that fails now is listed as failed with the reason, unless a version of
   * it was serving: that version keeps serving, listed as stale with the reason (a bundle whose
   * folder was removed is removed, as asked). Models replaced or removed close when their last
   * lease is released. When the folder cannot be listed, everything stays as it was (the log says
   * why).
   *
   * @return every bundle's status after the reload, in folder-name order
   */
  public synchronized List<ModelStatus> reload() {
    if (closed) {
      throw new IllegalStateException("the model registry of " + directory + " is closed");
    }
    Snapshot<M> previous = current.get();
    Optional<List<Path>> folders = bundleFolders(directory);
    if (folders.isEmpty()) {
      return statusesOf(
          previous); // a folder that cannot be listed now says nothing about its bundles
    }
    Snapshot<M> next = scan(folders.get(), previous);
    current.set(next);
    // Only after the swap: a reader that still got a retired model from the old snapshot retries.
    Set<SharedModel<M>> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    next.entries().values().stream().map(Entry::model).filter(Objects::nonNull).forEach(kept::add);
    for (Entry<M> old : previous.entries().values()) {
      if (old.model() != null && !kept.contains(old.model())) {
        old.model().retire();
      }
      if (!next.entries().containsKey(old.status().id())) {
        LOG.log(
            Level.INFO,
            "model "
                + old.status().id()
                + " removed ("
                + old.status().directory()
                + "); a model in use closes when its last request or stream ends");
      }
    }
    return statusesOf(next);
  }

  /**
   * Closes every model now, or when its last lease is released; the registry serves nothing after.
   */
  @Override
  public synchronized void close() {
    closed = true;
    current.getAndSet(new Snapshot<>(Map.of())).entries().values().stream()
        .filter(entry -> entry.model() != null)
        .forEach(entry -> entry.model().retire());
  }

  private Snapshot<M> scan(List<Path> folders, Snapshot<M> previous) {
    Map<String, Entry<M>> entries = new LinkedHashMap<>();
    for (Path bundle : folders) {
      Entry<M> entry = scanBundle(bundle, entries, previous);
      log(entry, entry == previous.entries().get(entry.status().id()));
      // Only a failed bundle listed under its folder name can meet an id taken already; the first
      // keeps it.
      if (entries.putIfAbsent(entry.status().id(), entry) != null) {
        LOG.log(
            Level.WARNING,
            "bundle " + bundle + " is not listed: its folder name is another bundle's id");
      }
    }
    return new Snapshot<>(entries);
  }

  private Entry<M> scanBundle(Path bundle, Map<String, Entry<M>> scanned, Snapshot<M> previous) {
    String folder = bundle.getFileName().toString();
    ModelManifest manifest;
    try {
      manifest = reader.read(bundle);
    } catch (InvalidBundleException e) {
      return keptOrFailed(servingFrom(bundle, previous), folder, bundle, e.getMessage(), null);
    }
    if (scanned.containsKey(manifest.id())) {
      return failed(
          folder,
          bundle,
          "another bundle ("
              + scanned.get(manifest.id()).status().directory()
              + ") already has id \""
              + manifest.id()
              + "\"",
          manifest);
    }
    BundleFingerprint fingerprint = BundleFingerprint.of(bundle, manifest);
    Entry<M> before = previous.entries().get(manifest.id());
    if (before != null && fingerprint.equals(before.fingerprint())) {
      // Unchanged since it loaded; a stale one's folder holds its serving version again.
      return before.status().state() == ModelStatus.State.STALE
          ? new Entry<>(
              ModelStatus.ready(before.status().manifest(), bundle, before.status().loadedAt()),
              before.fingerprint(),
              before.model())
          : before;
    }
    try {
      SharedModel<M> model = new SharedModel<>(manifest.id(), loader.load(manifest, bundle));
      return new Entry<>(ModelStatus.ready(manifest, bundle, Instant.now()), fingerprint, model);
    } catch (Exception e) { // whatever a bundle throws only fails that bundle
      if (e.getCause()
          != null) { // the runtime's own words stay in the log, out of the public reason
        LOG.log(Level.WARNING, "model " + manifest.id() + " (" + bundle + "): " + e.getCause());
      }
      Entry<M> serving =
          before != null && before.model() != null ? before : servingFrom(bundle, previous);
      return keptOrFailed(
          serving,
          manifest.id(),
          bundle,
          e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(),
          manifest);
    }
  }

  /**
   * The entry that served from this folder before, if any (found by folder: its manifest may be
   * unreadable now).
   */
  private static <M extends AutoCloseable> Entry<M> servingFrom(Path bundle, Snapshot<M> previous) {
    return previous.entries().values().stream()
        .filter(e -> e.model() != null && e.status().directory().equals(bundle))
        .findFirst()
        .orElse(null);
  }

  /** The last good version, kept serving and marked stale; or, when there is none, a failure. */
  private static <M extends AutoCloseable> Entry<M> keptOrFailed(
      Entry<M> serving, String id, Path bundle, String reason, ModelManifest manifest) {
    if (serving == null) {
      return failed(id, bundle, reason, manifest);
    }
    return new Entry<>(
        ModelStatus.stale(serving.status(), reason, Instant.now()),
        serving.fingerprint(),
        serving.model());
  }

  private static <M extends AutoCloseable> Entry<M> failed(
      String id, Path bundle, String reason, ModelManifest manifest) {
    return new Entry<>(ModelStatus.failed(id, bundle, reason, manifest), null, null);
  }

  private static <M extends AutoCloseable> List<ModelStatus> statusesOf(Snapshot<M> snapshot) {
    return snapshot.entries().values().stream().map(Entry::status).toList();
  }

  /**
   * The bundle folders in name order; empty when the folder cannot be listed (the log says why).
   */
  private static Optional<List<Path>> bundleFolders(Path directory) {
    if (!Files.isDirectory(directory)) {
      LOG.log(
          Level.WARNING,
          "models folder " + directory.toAbsolutePath() + " does not exist; no models loaded");
      return Optional.of(List.of());
    }
    try (Stream<Path> children = Files.list(directory)) {
      return Optional.of(
          children
              .filter(p -> Files.isRegularFile(p.resolve(ManifestReader.MANIFEST_FILE)))
              .sorted()
              .toList());
    } catch (IOException e) {
      LOG.log(
          Level.ERROR,
          "cannot list models folder "
              + directory.toAbsolutePath()
              + ": "
              + e.getMessage()
              + "; the models stay as they were");
      return Optional.empty();
    }
  }

  private static void log(Entry<?> entry, boolean unchanged) {
    ModelStatus status = entry.status();
    if (unchanged) {
      LOG.log(
          Level.INFO,
          "model " + status.id() + " unchanged, kept as loaded (" + status.directory() + ")");
    } else if (status.state() == ModelStatus.State.READY) {
      LOG.log(Level.INFO, "model " + status.id() + " ready (" + status.directory() + ")");
    } else if (status.state() == ModelStatus.State.STALE) {
      LOG.log(
          Level.WARNING,
          "model "
              + status.id()
              + ": its new version failed ("
              + status.directory()
              + "): "
              + status.reason()
              + "; the last good version ("
              + status.manifest().version()
              + ") keeps serving");
    } else {
      LOG.log(
          Level.WARNING,
          "model " + status.id() + " failed (" + status.directory() + "): " + status.reason());
    }
  }
}
