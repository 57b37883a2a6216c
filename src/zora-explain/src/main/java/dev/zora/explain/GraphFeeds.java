package dev.zora.explain;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.LongTensor;
import dev.zora.inference.Tensor;
import dev.zora.model.ModelManifest;
import dev.zora.pipeline.ServedModel;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** The inputs one graph of a model takes for one log-mel input, as transcription feeds them. */
final class GraphFeeds {
  private GraphFeeds() {}

  /**
   * @param decoderInput the decoder's token ids (start-of-sentence first); used by decoders only
   */
  static Map<String, Tensor> of(
      ServedModel model, String graph, LogMelFeatures features, int[] decoderInput) {
    ModelManifest manifest = model.manifest();
    FloatTensor input = new FloatTensor(features.values(), features.batchShape());
    if (!graph.equals("decoder")) {
      return Map.of(manifest.inputName("features"), input);
    }
    String memoryOut = manifest.outputName("memory");
    FloatTensor memory =
        model
            .graph("encoder")
            .serving()
            .run(Map.of(manifest.inputName("features"), input), Set.of(memoryOut))
            .get(memoryOut);
    long[] tokens = Arrays.stream(decoderInput).asLongStream().toArray();
    return Map.of(
        manifest.inputName("tokens"),
        new LongTensor(tokens, new long[] {1, tokens.length}),
        manifest.inputName("memory"),
        memory);
  }
}
