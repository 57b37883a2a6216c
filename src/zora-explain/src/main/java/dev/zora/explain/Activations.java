package dev.zora.explain;

import dev.zora.frontend.LogMelFeatures;
import java.util.List;

/**
 * Tensors of a model on one audio file, beside the log-mel input they came from.
 *
 * @param prediction the model's answer on the audio (a label or a transcript)
 * @param segment the utterance the tensors are of; null for the whole file
 */
public record Activations(
    String model,
    String prediction,
    LogMelFeatures logMel,
    List<Activation> tensors,
    SelectedSegment segment) {
  public Activations {
    tensors = List.copyOf(tensors);
  }
}
