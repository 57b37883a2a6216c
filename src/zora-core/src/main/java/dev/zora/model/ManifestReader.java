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
import java.util.regex.Pattern;

/** Reads a bundle's {@code zora.json} and checks everything the server relies on. */
public final class ManifestReader {
  public static final String MANIFEST_FILE = "zora.json";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final ObjectMapper json = new ObjectMapper();

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

  private static List<String> problems(ModelManifest m, Path bundleDir) {
    List<String> problems = new ArrayList<>();
    if (m.id() == null || !ID.matcher(m.id()).matches()) {
      problems.add(
          "id must be letters, digits, '.', '_' or '-' (it appears in URLs), got "
              + quoted(m.id()));
    }
    if (m.task() == null) {
      problems.add("task is missing");
    }
    try {
      if (m.task() == Task.VAD) {
        m.waveformSpec();
      } else {
        m.logMelSpec();
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (m.task() == Task.VAD) {
      problems.addAll(vadProblems(m));
    } else if (m.task() != null && (!m.state().isEmpty() || !m.constants().isEmpty())) {
      problems.add(
          "state and constants are for vad bundles only (a "
              + m.task().manifestName()
              + " graph takes log-mel features alone)");
    }
    for (String role : requiredFiles(m.task())) {
      String name = m.files().get(role);
      if (name == null) {
        problems.add("files." + role + " is missing");
      } else {
        fileProblem(bundleDir, name)
            .ifPresent(problem -> problems.add("files." + role + " " + quoted(name) + problem));
      }
    }
    if (m.task() == Task.CLASSIFICATION) {
      if (m.labels().isEmpty()) {
        problems.add("labels must list the classifier's output classes");
      } else if (m.labels().contains(null)) {
        problems.add("labels must not contain null");
      }
    }
    if (m.task() == Task.CTC || m.task() == Task.SEQ2SEQ) {
      if (m.vocabulary().isEmpty()) {
        problems.add("vocabulary must list the " + m.task().manifestName() + " model's tokens");
      }
      for (String token : specialTokensFor(m.task())) {
        Integer index = m.specialTokens().get(token);
        if (index == null || index < 0 || index >= m.vocabulary().size()) {
          problems.add(
              "specialTokens."
                  + token
                  + " must be an index into vocabulary (0.."
                  + (m.vocabulary().size() - 1)
                  + "), got "
                  + index);
        }
      }
    }
    if (m.ctcWeight() != 0) {
      if (m.task() != Task.SEQ2SEQ || !(m.ctcWeight() > 0 && m.ctcWeight() < 1)) {
        problems.add(
            "decoding.ctcWeight must be in (0, 1) and only for seq2seq bundles, got "
                + m.ctcWeight());
      } else if (!m.outputs().containsKey("ctcLogits")
          || m.specialTokens().get("blank") == null
          || m.specialTokens().get("blank") < 0
          || m.specialTokens().get("blank") >= m.vocabulary().size()) {
        problems.add(
            "decoding.ctcWeight needs outputs.ctcLogits and specialTokens.blank (an index into vocabulary)");
      }
    }
    if (m.minFrames() != null && m.minFrames() < 1) {
      problems.add("minFrames must be a positive integer when given, got " + m.minFrames());
    }
    if (m.task() == Task.CTC && (m.subsampling() == null || m.subsampling() < 1)) {
      problems.add(
          "subsampling (input frames per output frame) must be a positive integer, got "
              + m.subsampling());
    }
    return problems;
  }

  /**
   * What a {@code vad} bundle needs beyond the common fields: thresholds, state and constants that
   * make sense.
   */
  private static List<String> vadProblems(ModelManifest m) {
    List<String> problems = new ArrayList<>();
    ModelManifest.Vad vad = m.vad();
    if (vad == null || vad.threshold() == null || !(vad.threshold() > 0 && vad.threshold() < 1)) {
      problems.add(
          "vad.threshold must be a speech probability in (0, 1), got "
              + (vad == null ? null : vad.threshold()));
    } else if (vad.negativeThreshold() == null
        || !(vad.negativeThreshold() >= 0)
        || vad.negativeThreshold() > vad.threshold()) {
      problems.add(
          "vad.negativeThreshold must be in [0, vad.threshold], got " + vad.negativeThreshold());
    }
    for (int i = 0; i < m.state().size(); i++) {
      ModelManifest.State state = m.state().get(i);
      if (state == null || state.input() == null || state.output() == null) {
        problems.add("state[" + i + "] must name its graph input and output");
      } else if (state.shape() == null
          || state.shape().isEmpty()
          || state.shape().stream().anyMatch(d -> d == null || d < 1)) {
        problems.add(
            "state["
                + i
                + "].shape must list positive dimensions (one stream, batch 1), got "
                + state.shape());
      }
    }
    m.constants()
        .forEach(
            (name, value) -> {
              if (value == null) {
                problems.add("constants." + name + " must be an integer (fed as an int64 scalar)");
              }
            });
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

  private static List<String> requiredFiles(Task task) {
    return task == Task.SEQ2SEQ ? List.of("encoder", "decoder") : List.of("model");
  }

  private static List<String> specialTokensFor(Task task) {
    return task == Task.CTC ? List.of("blank") : List.of("sos", "eos", "pad");
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
