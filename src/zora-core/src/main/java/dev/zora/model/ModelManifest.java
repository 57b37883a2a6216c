package dev.zora.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.zora.frontend.LogMelSpec;
import dev.zora.frontend.Normalization;
import dev.zora.frontend.WaveformSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code zora.json}, as written by the training recipe (see models/README.md). Fields a
 * task does not use are null or empty. Built only by {@link ManifestReader}, which validates it.
 *
 * @param minFrames the fewest feature frames the graph accepts (a CNN's pooling needs some);
 *     shorter audio is zero-padded at the end, as the recipe pads short clips; null when any length
 *     works
 * @param state recurrent state the graph reads and writes, carried by the server from one chunk to
 *     the next (waveform models)
 * @param constants int64 scalar inputs fed with the same value on every run (such as {@code sr})
 * @param vad the speech thresholds of a {@code vad} bundle
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
    Decoding decoding,
    List<State> state,
    Map<String, Long> constants,
    Vad vad) {

  /**
   * One recurrent state tensor (float32): fed as {@code input}, read back as {@code output}, zeros
   * at the start of every stream.
   *
   * @param shape its shape for one stream (batch 1)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(String input, String output, List<Long> shape) {}

  /**
   * @param threshold the speech probability from which a chunk is speech
   * @param negativeThreshold below it, a chunk inside speech counts as a pause
   */
  public record Vad(Double threshold, Double negativeThreshold) {}

  /**
   * How the server decodes a sequence-to-sequence bundle, where the recipe chose.
   *
   * @param ctcWeight weight of the encoder's CTC prefix score in joint CTC/attention beam search (0
   *     to 1, exclusive of 1); needs the {@code ctcLogits} output and {@code specialTokens.blank}
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
    state = state == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(state));
    constants = constants == null ? Map.of() : unmodifiable(constants);
  }

  /** Whether the bundle's graph takes raw samples ({@code frontend.type = "waveform"}). */
  public boolean takesWaveform() {
    return frontend != null && WAVEFORM.equals(frontend.type());
  }

  /** The waveform front end of a bundle that takes raw samples. */
  public WaveformSpec waveformSpec() {
    if (!takesWaveform()) {
      throw new IllegalArgumentException(
          "frontend.type must be \"" + WAVEFORM + "\" for a " + task.manifestName() + " bundle");
    }
    return new WaveformSpec(
        required(sampleRate, "sampleRate"),
        required(frontend.chunkSamples(), "frontend.chunkSamples"),
        required(frontend.contextSamples(), "frontend.contextSamples"));
  }

  private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static final String WAVEFORM = "waveform";

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

  /**
   * The {@code frontend} block. Lengths in samples, frequencies in Hz. {@code logmel} uses the
   * fields from {@code nFft} to {@code normalize}, {@code waveform} {@code chunkSamples} and {@code
   * contextSamples}.
   */
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
      String normalize,
      Integer chunkSamples,
      Integer contextSamples) {}

  /**
   * A friendly name for an intermediate tensor of the graph.
   *
   * @param layout axis names of the tensor, for example NCTF (batch, channels, time, frequency)
   * @param file the role of the graph file that has the tensor ({@code encoder}, {@code decoder});
   *     null when the bundle has one graph
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Layer(String tensor, String title, String kind, String layout, String file) {}

  /**
   * The graph tensor that plays {@code role} (for example "features"), the role name if unmapped.
   */
  public String inputName(String role) {
    return inputs.getOrDefault(role, role);
  }

  /** The graph tensor that plays output {@code role} (for example "logits"). */
  public String outputName(String role) {
    return outputs.getOrDefault(role, role);
  }
}
