package dev.zora.model;

import java.util.List;

/** What one task asks of a manifest beyond what every bundle needs. */
public interface ManifestRules {
  /**
   * The {@code files} roles the task's graphs are under ({@code model}, or encoder and decoder).
   */
  List<String> graphFiles();

  /** The {@code files} roles of graphs a bundle of the task may add; checked when given. */
  default List<String> optionalGraphFiles() {
    return List.of();
  }

  /** Everything wrong with the manifest for this task, each named for its author; empty if none. */
  List<String> problems(ModelManifest manifest);
}
