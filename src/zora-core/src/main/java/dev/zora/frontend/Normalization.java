package dev.zora.frontend;

import dev.zora.naming.ExternalNames;

/** What the front end does to the log-mel matrix after the log. */
public enum Normalization {
  /** Subtract each mel bin's mean over the utterance's frames. */
  PER_UTTERANCE_MEAN("per-utterance-mean"),
  /** Leave the log-mel values as they are. */
  NONE("none");

  private final String manifestName;

  Normalization(String manifestName) {
    this.manifestName = manifestName;
  }

  /** The spelling used in {@code zora.json}. */
  public String manifestName() {
    return manifestName;
  }

  public static Normalization fromManifestName(String name) {
    return ExternalNames.lookup(
        values(), Normalization::manifestName, name, "normalize", IllegalArgumentException::new);
  }
}
