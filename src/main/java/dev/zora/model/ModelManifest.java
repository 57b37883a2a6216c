package dev.zora.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.zora.frontend.LogMelSpec;
import dev.zora.frontend.Normalization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code zora.json}, as written by the training recipe (see models/README.md). Fields a
 * task does not use are null or empty. Built only by {@link ManifestReader}, which validates it.
 *
 * @param minFrames the fewest feature frames the graph accepts (a CNN's pooling needs some); shorter
 *     audio is zero-padded at the end, as the recipe pads short clips; null when any length works
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
    String id,
    String version,
    Task task,
    String description,
    Integer sampleRate,
    Frontend frontend,
    Map<String, String> inputs,
    Map<String, String> outputs,
    List<String> labels,
    List<String> vocabulary,
    Map<String, Integer> specialTokens,
    Integer subsampling,
    Integer minFrames,
    Map<String, String> files,
    List<Layer> layers,
    Map<String, Object> metrics,
    String license,
    Decoding decoding) {

  /**
   * How the server decodes a sequence-to-sequence bundle, where the recipe chose.
   *
   * @param ctcWeight weight of the encoder's CTC prefix score in joint CTC/attention beam search
   *     (0 to 1, exclusive of 1); needs the {@code ctcLogits} output and {@code specialTokens.blank}
   */
  public record Decoding(Double ctcWeight) {}

  /** The CTC weight of joint decoding; 0 (attention alone) unless the manifest gives one. */
  public double ctcWeight() {
    return decoding == null || decoding.ctcWeight() == null ? 0 : decoding.ctcWeight();
  }

  public ModelManifest {
    // Copies that keep the file's order and tolerate nulls, which ManifestReader reports by name.
    inputs = inputs == null ? Map.of() : unmodifiable(inputs);
    outputs = outputs == null ? Map.of() : unmodifiable(outputs);
    labels = labels == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(labels));
    vocabulary =
        vocabulary == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(vocabulary));
    specialTokens = specialTokens == null ? Map.of() : unmodifiable(specialTokens);
    files = files == null ? Map.of() : unmodifiable(files);
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    metrics = metrics == null ? Map.of() : unmodifiable(metrics);
  }

  private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The front end this bundle was trained with. */
  public LogMelSpec logMelSpec() {
    if (frontend == null) {
      throw new IllegalArgumentException("frontend is missing");
    }
    if (!"logmel".equals(frontend.type())) {
      throw new IllegalArgumentException(
          "frontend.type \"" + frontend.type() + "\" is not supported, expected \"logmel\"");
    }
    return new LogMelSpec(
        required(sampleRate, "sampleRate"),
        required(frontend.nFft(), "frontend.nFft"),
        required(frontend.winLength(), "frontend.winLength"),
        required(frontend.hopLength(), "frontend.hopLength"),
        required(frontend.nMels(), "frontend.nMels"),
        required(frontend.fMin(), "frontend.fMin"),
        required(frontend.fMax(), "frontend.fMax"),
        required(frontend.logOffset(), "frontend.logOffset"),
        Normalization.fromManifestName(required(frontend.normalize(), "frontend.normalize")));
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    return value;
  }

  /** The {@code frontend} block. Lengths in samples, frequencies in Hz. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Frontend(
      String type,
      Integer nFft,
      Integer winLength,
      Integer hopLength,
      Integer nMels,
      Double fMin,
      Double fMax,
      Double logOffset,
      String normalize) {}

  /**
   * A friendly name for an intermediate tensor of the graph.
   *
   * @param layout axis names of the tensor, for example NCTF (batch, channels, time, frequency)
   * @param file the role of the graph file that has the tensor ({@code encoder}, {@code decoder}); null
   *     when the bundle has one graph
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Layer(String tensor, String title, String kind, String layout, String file) {}

  /** The graph tensor that plays {@code role} (for example "features"), the role name if unmapped. */
  public String inputName(String role) {
    return inputs.getOrDefault(role, role);
  }

  /** The graph tensor that plays output {@code role} (for example "logits"). */
  public String outputName(String role) {
    return outputs.getOrDefault(role, role);
  }
}
