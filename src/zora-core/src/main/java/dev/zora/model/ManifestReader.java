package dev.zora.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a bundle's {@code zora.json} and checks everything the server relies on: what every bundle
 * needs here, what its task needs in the task's {@link ManifestRules}.
 */
public final class ManifestReader {
  public static final String MANIFEST_FILE = "zora.json";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final ObjectMapper json = new ObjectMapper();
  private final Function<Task, ? extends ManifestRules> rules;

  /**
   * @param rules what each task asks beyond the checks every bundle gets (id, task, files, frames)
   */
  public ManifestReader(Function<Task, ? extends ManifestRules> rules) {
    this.rules = rules;
  }

  /**
   * @throws InvalidBundleException naming every problem found, so one fix-and-retry is enough
   */
  public ModelManifest read(Path bundleDir) throws InvalidBundleException {
    Path file = bundleDir.resolve(MANIFEST_FILE);
    ModelManifest manifest;
    try {
      manifest = json.readValue(Files.readAllBytes(file), ModelManifest.class);
    } catch (JsonProcessingException e) {
      throw new InvalidBundleException(
          MANIFEST_FILE + " is not a valid manifest: " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new InvalidBundleException(
          "cannot read " + MANIFEST_FILE + " (" + e.getClass().getSimpleName() + ")", e);
    }
    if (manifest == null) {
      throw new InvalidBundleException(MANIFEST_FILE + " must hold a JSON object, not null");
    }
    List<String> problems = problems(manifest, bundleDir);
    if (!problems.isEmpty()) {
      throw new InvalidBundleException(MANIFEST_FILE + ": " + String.join("; ", problems));
    }
    return manifest;
  }

  private List<String> problems(ModelManifest m, Path bundleDir) {
    List<String> problems = new ArrayList<>();
    if (m.id() == null || !ID.matcher(m.id()).matches()) {
      problems.add(
          "id must be letters, digits, '.', '_' or '-' (it appears in URLs), got "
              + quoted(m.id()));
    }
    if (m.task() == null) {
      problems.add("task is missing");
    } else {
      ManifestRules task = rules.apply(m.task());
      problems.addAll(task.problems(m));
      List<String> roles = new ArrayList<>(task.graphFiles());
      roles.addAll(task.optionalGraphFiles());
      for (String role : roles) {
        String name = m.files().get(role);
        if (name == null) {
          if (task.graphFiles().contains(role)) {
            problems.add("files." + role + " is missing");
          }
        } else {
          fileProblem(bundleDir, name)
              .ifPresent(problem -> problems.add("files." + role + " " + quoted(name) + problem));
        }
      }
    }
    if (m.minFrames() != null && m.minFrames() < 1) {
      problems.add("minFrames must be a positive integer when given, got " + m.minFrames());
    }
    return problems;
  }

  private static Optional<String> fileProblem(Path bundleDir, String name) {
    Path path;
    try {
      path = bundleDir.resolve(name).normalize();
    } catch (InvalidPathException e) {
      return Optional.of(" is not a file name on this system: " + e.getReason());
    }
    if (!path.startsWith(bundleDir.normalize())) {
      return Optional.of(" points outside the bundle folder");
    }
    if (!Files.isRegularFile(path)) {
      return Optional.of(" does not exist in the bundle folder");
    }
    return Optional.empty();
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
