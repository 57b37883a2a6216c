package dev.zora.model;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the registry knows about one bundle folder: its manifest when it could be read, and whether
 * it is serving. A failed bundle carries the reason, for the models API and the log; a stale one
 * serves its last good version while the reason says why the folder's current version did not load,
 * and since when.
 *
 * @param id the manifest's id, or the folder name when the manifest could not be read
 * @param reason why it failed, or why the new version of a stale one did not load; null when ready
 * @param manifest the serving version's manifest for a ready or stale bundle; null when the
 *     manifest itself could not be read
 * @param failedAt when a stale bundle's new version first failed to load; null otherwise
 * @param loadedAt when the serving version was loaded; null for a failed bundle
 */
public record ModelStatus(
    String id,
    Path directory,
    State state,
    String reason,
    ModelManifest manifest,
    Instant failedAt,
    Instant loadedAt) {

  public enum State {
    /** Serving what is in its folder. */
    READY,
    /** Serving its last good version: the folder's current version failed to load. */
    STALE,
    /** Not serving. */
    FAILED
  }

  static ModelStatus ready(ModelManifest manifest, Path directory, Instant loadedAt) {
    return new ModelStatus(manifest.id(), directory, State.READY, null, manifest, null, loadedAt);
  }

  static ModelStatus failed(String id, Path directory, String reason, ModelManifest manifest) {
    return new ModelStatus(id, directory, State.FAILED, reason, manifest, null, null);
  }

  /**
   * The serving version {@code serving}, kept after its folder's new version failed for {@code
   * reason}.
   */
  static ModelStatus stale(ModelStatus serving, String reason, Instant now) {
    Instant since =
        serving.state == State.STALE && reason.equals(serving.reason) ? serving.failedAt : now;
    return new ModelStatus(
        serving.id,
        serving.directory,
        State.STALE,
        reason,
        serving.manifest,
        since,
        serving.loadedAt);
  }

  /** True when requests for this model are answered (ready, or stale on its last good version). */
  public boolean isServing() {
    return state != State.FAILED;
  }
}
