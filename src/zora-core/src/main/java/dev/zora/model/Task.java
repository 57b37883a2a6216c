package dev.zora.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.zora.naming.ExternalNames;

/** What a bundle's graph computes, which decides how its outputs become text. */
public enum Task {
  /** One label per utterance: output {@code logits [batch, labels]}. */
  CLASSIFICATION("classification"),
  /**
   * Frame posteriors over a vocabulary with a blank: output {@code logits [batch, frames, vocab]}.
   */
  CTC("ctc"),
  /** Encoder plus autoregressive decoder over a vocabulary. */
  SEQ2SEQ("seq2seq"),
  /**
   * Speech detection on raw waveform chunks, with recurrent state carried between them: output
   * {@code speechProbability [batch, 1]} per chunk. Detects speech; does not transcribe.
   */
  VAD("vad");

  private final String manifestName;

  Task(String manifestName) {
    this.manifestName = manifestName;
  }

  @JsonValue
  public String manifestName() {
    return manifestName;
  }

  @JsonCreator
  public static Task fromManifestName(String name) {
    return ExternalNames.lookup(
        values(), Task::manifestName, name, "task", IllegalArgumentException::new);
  }
}
