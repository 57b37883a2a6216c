package dev.zora.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recipe's validation split of the Free Spoken Digit Dataset: files with index 5-9 of every
 * speaker and digit, never trained on. The recordings are not part of the repository: set
 * -Dfsdd.recordings or FSDD_RECORDINGS, default ../shared/data/fsdd/recordings; tests that need
 * them skip when that folder is absent.
 */
public final class FsddHeldOut {
  public static final List<String> DIGITS =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  private static final Pattern NAME = Pattern.compile("(\\d)_([a-z]+)_(\\d+)\\.wav");

  /** One recording of one spoken digit. */
  public record Clip(Path path, int digit, String speaker, int index) {
    public String word() {
      return DIGITS.get(digit);
    }
  }

  private FsddHeldOut() {}

  public static Path recordings() {
    String configured = System.getProperty("fsdd.recordings", System.getenv("FSDD_RECORDINGS"));
    return Path.of(configured != null ? configured : "../shared/data/fsdd/recordings");
  }

  public static boolean isPresent() {
    return Files.isDirectory(recordings());
  }

  /** The validation clips, sorted by file name. */
  public static List<Clip> clips() {
    try (Stream<Path> files = Files.list(recordings())) {
      return files
          .map(
              p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()
                    || Integer.parseInt(m.group(3)) < 5
                    || Integer.parseInt(m.group(3)) > 9) {
                  return null;
                }
                return new Clip(
                    p, Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
              })
          .filter(c -> c != null)
          .sorted((a, b) -> a.path().compareTo(b.path()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The clips with file index 5 to {@code 4 + perDigit}: 1-5 clips per speaker and digit. */
  public static List<Path> firstClips(int perDigit) {
    return clips().stream().filter(c -> c.index() < 5 + perDigit).map(Clip::path).toList();
  }
}
