package dev.zora.pipeline;

import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.ClassificationTranscriber;
import dev.zora.decode.CtcTranscriber;
import dev.zora.decode.Seq2SeqTranscriber;
import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.InspectableGraph;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.model.ModelRegistry;
import dev.zora.vad.VadModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens a bundle's graphs, checks that the tensor names in the manifest exist in them, builds the
 * task's transcriber (or speech detector) and warms it up with one second of silence, so the first
 * request does not pay for ONNX Runtime's lazy initialisation.
 */
final class ServedModelLoader implements ModelRegistry.Loader<ServedModel> {
  private static final String CROSS_ATTENTION = "cross-attention";

  private final OnnxRuntime runtime;
  private final BeamSearchOptions beamSearch;

  ServedModelLoader(OnnxRuntime runtime, BeamSearchOptions beamSearch) {
    this.runtime = runtime;
    this.beamSearch = beamSearch;
  }

  @Override
  public ServedModel load(ModelManifest manifest, Path bundleDir) {
    GraphRole features = new GraphRole("model", List.of("features"), List.of("logits"));
    return switch (manifest.task()) {
      case CLASSIFICATION ->
          served(
              manifest,
              bundleDir,
              List.of(features),
              models ->
                  new ClassificationTranscriber(
                      models.get(0),
                      manifest.inputName("features"),
                      manifest.outputName("logits"),
                      manifest.labels()));
      case CTC ->
          served(
              manifest,
              bundleDir,
              List.of(features),
              models ->
                  new CtcTranscriber(
                      models.get(0),
                      manifest.inputName("features"),
                      manifest.outputName("logits"),
                      manifest.vocabulary(),
                      manifest.specialTokens().get("blank"),
                      manifest.subsampling(),
                      beamSearch.width()));
      case VAD -> detecting(manifest, bundleDir);
      case SEQ2SEQ ->
          served(
              manifest,
              bundleDir,
              List.of(
                  new GraphRole("encoder", List.of("features"), List.of("memory")),
                  new GraphRole("decoder", List.of("tokens", "memory"), List.of("logits"))),
              models ->
                  new Seq2SeqTranscriber(
                      models.get(0),
                      models.get(1),
                      new Seq2SeqTranscriber.Names(
                          manifest.inputName("features"),
                          manifest.outputName("memory"),
                          manifest.inputName("tokens"),
                          manifest.inputName("memory"),
                          manifest.outputName("logits"),
                          lastCrossAttention(manifest, models.get(1))),
                      manifest.vocabulary(),
                      manifest.specialTokens().get("sos"),
                      manifest.specialTokens().get("eos"),
                      manifest.subsampling(),
                      beamSearch,
                      jointCtc(manifest)));
    };
  }

  /**
   * Joint CTC/attention decoding where the manifest asks for it (ManifestReader checked the rest).
   */
  private static Optional<Seq2SeqTranscriber.JointCtc> jointCtc(ModelManifest manifest) {
    return manifest.ctcWeight() > 0
        ? Optional.of(
            new Seq2SeqTranscriber.JointCtc(
                manifest.outputName("ctcLogits"),
                manifest.specialTokens().get("blank"),
                manifest.ctcWeight()))
        : Optional.empty();
  }

  /**
   * Opens the bundle's graphs and warms their transcriber up.
   *
   * @param transcriberFor builds the transcriber from the graphs, in the order of {@code roles}
   */
  private ServedModel served(
      ModelManifest manifest,
      Path bundleDir,
      List<GraphRole> roles,
      Function<List<OnnxModel>, Transcriber> transcriberFor) {
    LogMelExtractor frontEnd = new LogMelExtractor(manifest.logMelSpec());
    List<OnnxModel> models = openChecked(manifest, bundleDir, roles);
    try {
      Transcriber transcriber = transcriberFor.apply(models);
      float[] silence = new float[frontEnd.spec().sampleRate()];
      transcriber.transcribe(frontEnd.extract(silence), 1.0);
      List<InspectableGraph> graphs = new ArrayList<>();
      for (int i = 0; i < roles.size(); i++) {
        String file = roles.get(i).file();
        graphs.add(
            new InspectableGraph(
                file,
                bundleDir.resolve(manifest.files().get(file)),
                models.get(i),
                runtime,
                Map.of()));
      }
      return ServedModel.transcribing(manifest, frontEnd, transcriber, graphs);
    } catch (RuntimeException e) {
      models.forEach(OnnxModel::close);
      throw e;
    }
  }

  /**
   * Opens a speech detector's graph, checks its audio input, probability output, state and
   * constants, and warms it up with one second of silence.
   */
  private ServedModel detecting(ModelManifest manifest, Path bundleDir) {
    String file = manifest.files().get("model");
    OnnxModel model = runtime.open(bundleDir.resolve(file));
    try {
      List<String> inputs = new ArrayList<>(List.of(manifest.inputName("audio")));
      List<String> outputs = new ArrayList<>(List.of(manifest.outputName("speechProbability")));
      manifest
          .state()
          .forEach(
              state -> {
                inputs.add(state.input());
                outputs.add(state.output());
              });
      inputs.addAll(manifest.constants().keySet());
      requireNames(model, file, inputs, outputs);
      VadModel vad = new VadModel(model, manifest);
      vad.probabilities(new float[manifest.sampleRate()]);
      InspectableGraph graph =
          new InspectableGraph(
              "model", bundleDir.resolve(file), model, runtime, manifest.constants());
      return ServedModel.detecting(manifest, vad, List.of(graph));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The decoder's cross-attention output of the last layer the manifest lists: the layer nearest
   * the output, whose attention follows the words best.
   */
  private static Optional<String> lastCrossAttention(ModelManifest manifest, OnnxModel decoder) {
    return manifest.layers().stream()
        .filter(
            layer ->
                CROSS_ATTENTION.equals(layer.kind())
                    && decoder.outputNames().contains(layer.tensor()))
        .map(ModelManifest.Layer::tensor)
        .reduce((first, second) -> second);
  }

  /** A graph file of a bundle and the tensor roles it must have. */
  private record GraphRole(String file, List<String> inputRoles, List<String> outputRoles) {}

  private List<OnnxModel> openChecked(
      ModelManifest manifest, Path bundleDir, List<GraphRole> roles) {
    List<OnnxModel> opened = new ArrayList<>();
    try {
      for (GraphRole role : roles) {
        String file = manifest.files().get(role.file());
        OnnxModel model = runtime.open(bundleDir.resolve(file));
        opened.add(model);
        requireNames(
            model,
            file,
            role.inputRoles().stream().map(manifest::inputName).toList(),
            role.outputRoles().stream().map(manifest::outputName).toList());
      }
      return opened;
    } catch (RuntimeException e) {
      opened.forEach(OnnxModel::close);
      throw e;
    }
  }

  private static void requireNames(
      OnnxModel model, String file, List<String> inputs, List<String> outputs) {
    for (String input : inputs) {
      if (!model.inputNames().contains(input)) {
        throw new InferenceException(
            file + " has no input named " + input + "; its inputs are " + model.inputNames());
      }
    }
    for (String output : outputs) {
      if (!model.outputNames().contains(output)) {
        throw new InferenceException(
            file + " has no output named " + output + "; its outputs are " + model.outputNames());
      }
    }
  }
}
