package dev.zora.model;

import java.nio.file.Path;

/**
 * What the registry knows about one bundle folder: its manifest when it could be read, and whether
 * it is serving. A failed bundle carries the reason, for the models API and the log.
 *
 * @param id the manifest's id, or the folder name when the manifest could not be read
 * @param reason why it failed; null when ready
 * @param manifest null when the manifest itself could not be read
 */
public record ModelStatus(String id, Path directory, State state, String reason, ModelManifest manifest) {

  public enum State {
    READY,
    FAILED
  }

  static ModelStatus ready(ModelManifest manifest, Path directory) {
    return new ModelStatus(manifest.id(), directory, State.READY, null, manifest);
  }

  static ModelStatus failed(String id, Path directory, String reason, ModelManifest manifest) {
    return new ModelStatus(id, directory, State.FAILED, reason, manifest);
  }

  public boolean isReady() {
    return state == State.READY;
  }
}
