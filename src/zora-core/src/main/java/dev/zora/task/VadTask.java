package dev.zora.task;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.inference.InspectableGraph;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.model.Task;
import dev.zora.vad.VadModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech detection on raw waveform chunks, with recurrent state carried between them: graph {@code
 * model} maps {@code audio} (plus its state and constants) to {@code speechProbability [batch, 1]}
 * per chunk; an optional graph {@code sequence} maps many consecutive chunks of one stream {@code
 * [chunks, context + chunk]} to one probability each in one run (see {@link VadModel}). Detects
 * speech; does not transcribe.
 */
final class VadTask extends ModelTask {
  @Override
  public Task task() {
    return Task.VAD;
  }

  @Override
  public List<String> graphFiles() {
    return List.of("model");
  }

  @Override
  public List<String> optionalGraphFiles() {
    return List.of("sequence");
  }

  /** A waveform front end, thresholds, and state and constants that make sense. */
  @Override
  public List<String> problems(ModelManifest m) {
    List<String> problems = new ArrayList<>();
    try {
      m.waveformSpec();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
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
    problems.addAll(noJointDecoding(m));
    return problems;
  }

  /**
   * Opens the detector's graphs, checks their audio input, probability output, state and constants,
   * and warms them up with one second of silence.
   */
  @Override
  ServedModel serve(
      ModelManifest manifest, Path bundleDir, OnnxRuntime runtime, BeamSearchOptions beamSearch) {
    String file = manifest.files().get("model");
    String sequenceFile = manifest.files().get("sequence");
    List<String> inputs = new ArrayList<>(List.of(manifest.inputName("audio")));
    List<String> outputs = new ArrayList<>(List.of(manifest.outputName("speechProbability")));
    manifest
        .state()
        .forEach(
            state -> {
              inputs.add(state.input());
              outputs.add(state.output());
            });
    List<String> withConstants = new ArrayList<>(inputs);
    withConstants.addAll(manifest.constants().keySet());
    OnnxModel model = runtime.open(bundleDir.resolve(file));
    OnnxModel sequence = null;
    try {
      BundleGraphs.requireNames(model, file, withConstants, outputs);
      if (sequenceFile != null) {
        sequence = runtime.open(bundleDir.resolve(sequenceFile));
        BundleGraphs.requireNames(sequence, sequenceFile, inputs, outputs);
      }
      VadModel vad = new VadModel(model, sequence, manifest);
      vad.probabilities(new float[manifest.sampleRate()]);
      vad.open(model::run).next(new float[manifest.waveformSpec().chunkSamples()]);
      InspectableGraph graph =
          new InspectableGraph(
              "model", bundleDir.resolve(file), model, runtime, manifest.constants());
      return ServedModel.detecting(manifest, vad, List.of(graph));
    } catch (RuntimeException e) {
      model.close();
      if (sequence != null) {
        sequence.close();
      }
      throw e;
    }
  }
}
