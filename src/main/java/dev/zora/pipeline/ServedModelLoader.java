package dev.zora.pipeline;

import dev.zora.decode.ClassificationTranscriber;
import dev.zora.decode.CtcTranscriber;
import dev.zora.decode.Transcriber;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.inference.InferenceException;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import dev.zora.model.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Opens a bundle's graphs, checks that the tensor names in the manifest exist in them, builds the
 * task's transcriber and warms it up with one second of silence, so the first request does not
 * pay for ONNX Runtime's lazy initialisation.
 */
final class ServedModelLoader implements ModelRegistry.Loader<ServedModel> {
  private final OnnxRuntime runtime;

  ServedModelLoader(OnnxRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public ServedModel load(ModelManifest manifest, Path bundleDir) {
    LogMelExtractor frontEnd = new LogMelExtractor(manifest.logMelSpec());
    return switch (manifest.task()) {
      case CLASSIFICATION -> served(manifest, frontEnd, bundleDir, model -> new ClassificationTranscriber(model,
          manifest.inputName("features"), manifest.outputName("logits"), manifest.labels()));
      case CTC -> served(manifest, frontEnd, bundleDir, model -> new CtcTranscriber(model,
          manifest.inputName("features"), manifest.outputName("logits"), manifest.vocabulary(),
          manifest.specialTokens().get("blank"), manifest.subsampling()));
      case SEQ2SEQ -> new ServedModel(manifest, frontEnd, openChecked(manifest, bundleDir, List.of(
          new GraphRole("encoder", List.of("features"), List.of("memory")),
          new GraphRole("decoder", List.of("tokens", "memory"), List.of("logits")))));
    };
  }

  /** Opens the single graph of a classification or CTC bundle and warms its transcriber up. */
  private ServedModel served(ModelManifest manifest, LogMelExtractor frontEnd, Path bundleDir,
      Function<OnnxModel, Transcriber> transcriberFor) {
    String file = manifest.files().get("model");
    OnnxModel model = runtime.open(bundleDir.resolve(file));
    try {
      requireNames(model, file, List.of(manifest.inputName("features")), List.of(manifest.outputName("logits")));
      Transcriber transcriber = transcriberFor.apply(model);
      float[] silence = new float[frontEnd.spec().sampleRate()];
      transcriber.transcribe(frontEnd.extract(silence), 1.0);
      return new ServedModel(manifest, frontEnd, transcriber);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** A graph file of a bundle and the tensor roles it must have. */
  private record GraphRole(String file, List<String> inputRoles, List<String> outputRoles) {}

  private List<OnnxModel> openChecked(ModelManifest manifest, Path bundleDir, List<GraphRole> roles) {
    List<OnnxModel> opened = new ArrayList<>();
    try {
      for (GraphRole role : roles) {
        String file = manifest.files().get(role.file());
        OnnxModel model = runtime.open(bundleDir.resolve(file));
        opened.add(model);
        requireNames(model, file,
            role.inputRoles().stream().map(manifest::inputName).toList(),
            role.outputRoles().stream().map(manifest::outputName).toList());
      }
      return opened;
    } catch (RuntimeException e) {
      opened.forEach(OnnxModel::close);
      throw e;
    }
  }

  private static void requireNames(OnnxModel model, String file, List<String> inputs, List<String> outputs) {
    for (String input : inputs) {
      if (!model.inputNames().contains(input)) {
        throw new InferenceException(file + " has no input named " + input + "; its inputs are " + model.inputNames());
      }
    }
    for (String output : outputs) {
      if (!model.outputNames().contains(output)) {
        throw new InferenceException(file + " has no output named " + output + "; its outputs are " + model.outputNames());
      }
    }
  }
}
