package dev.zora.pipeline;

import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.segmentation.Utterance;

/**
 * Transcribes utterances cut from a longer recording or stream with one model, placing each
 * transcript where its utterance lies, and counts the time spent in the front end and in the model.
 */
final class UtteranceTranscriber {
  private final ServedModel model;
  private long frontendNanos;
  private long inferenceNanos;

  UtteranceTranscriber(ServedModel model) {
    this.model = model;
  }

  /**
   * The utterance's transcript with absolute times; its one segment per utterance spans the speech
   * the VAD found, even where the model missed a word.
   */
  Transcript transcribe(Utterance utterance) {
    long start = System.nanoTime();
    LogMelFeatures features = model.frontEnd().extract(model.paddedToMinimum(utterance.samples()));
    long featuresAt = System.nanoTime();
    Transcript transcript = model.transcriber().transcribe(features, utterance.durationSeconds());
    inferenceNanos += System.nanoTime() - featuresAt;
    frontendNanos += featuresAt - start;
    return transcript.shifted(utterance.startSeconds())
        .covering(utterance.speechStartSeconds(), utterance.speechEndSeconds());
  }

  long frontendNanos() {
    return frontendNanos;
  }

  long inferenceNanos() {
    return inferenceNanos;
  }
}
