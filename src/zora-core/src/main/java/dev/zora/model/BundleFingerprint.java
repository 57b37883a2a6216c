package dev.zora.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What a reload compares to tell an unchanged bundle from a changed one: its folder, its parsed
 * manifest (so a whitespace edit changes nothing) and the size, modification time and file key
 * (device and inode on Unix) of every file the manifest lists. The file key catches a file replaced
 * by a rename, as {@code mv} and {@code rsync} do, even when size and time match. Taken before the
 * bundle loads, so a file that changes while it loads shows as changed at the next reload.
 */
record BundleFingerprint(Path directory, ModelManifest manifest, List<FileStamp> files) {

  /**
   * @param size -1, {@code modified} and {@code key} null when the file could not be read
   */
  record FileStamp(String name, long size, FileTime modified, Object key) {}

  static BundleFingerprint of(Path directory, ModelManifest manifest) {
    return new BundleFingerprint(
        directory,
        manifest,
        manifest.files().values().stream().sorted().map(name -> stamp(directory, name)).toList());
  }

  private static FileStamp stamp(Path directory, String name) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(directory.resolve(name), BasicFileAttributes.class);
      return new FileStamp(
          name, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    } catch (
        IOException
            e) { // the bundle fails to load then, and a failed bundle is always loaded again
      return new FileStamp(name, -1, null, null);
    }
  }
}
