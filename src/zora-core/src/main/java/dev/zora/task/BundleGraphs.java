package dev.zora.task;

import dev.zora.inference.InferenceException;
import dev.zora.inference.OnnxModel;
import dev.zora.inference.OnnxRuntime;
import dev.zora.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a bundle's graphs and checks that the tensor names its manifest gives exist in them. */
final class BundleGraphs {
  /**
   * A graph file of a bundle and the tensor roles it must have; the manifest maps each role to a
   * tensor name.
   */
  record Role(String file, List<String> inputRoles, List<String> outputRoles) {}

  private BundleGraphs() {}

  /**
   * Opens one session per role, in order.
   *
   * @throws InferenceException a graph lacks a tensor the manifest names (every session opened so
   *     far is closed)
   */
  static List<OnnxModel> open(
      ModelManifest manifest, Path bundleDir, OnnxRuntime runtime, List<Role> roles) {
    List<OnnxModel> opened = new ArrayList<>();
    try {
      for (Role role : roles) {
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

  static void requireNames(
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
