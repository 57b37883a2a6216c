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
   * the VAD found, even where the model missed a word. Where the recording gives less audio around
   * the speech than the model needs ({@link ServedModel#edgeContextSamples()}: a clip cut tight at
   * its first and last sound), silence makes up the rest, and the times stay the recording's.
   */
  Transcript transcribe(Utterance utterance) {
    long start = System.nanoTime();
    int context = model.edgeContextSamples();
    int lead = (int) Math.max(0, context - (utterance.speechStartSample() - utterance.startSample()));
    long end = utterance.startSample() + utterance.samples().length;
    int tail = (int) Math.max(0, context - (end - utterance.speechEndSample()));
    float[] samples = utterance.samples();
    if (lead > 0 || tail > 0) {
      samples = new float[lead + samples.length + tail];
      System.arraycopy(utterance.samples(), 0, samples, lead, utterance.samples().length);
    }
    LogMelFeatures features = model.frontEnd().extract(model.paddedToMinimum(samples));
    long featuresAt = System.nanoTime();
    double rate = utterance.sampleRate();
    Transcript transcript = model.transcriber().transcribe(features, samples.length / rate);
    inferenceNanos += System.nanoTime() - featuresAt;
    frontendNanos += featuresAt - start;
    return transcript.shifted(utterance.startSeconds() - lead / rate)
        .within(utterance.startSeconds(), end / rate)
        .covering(utterance.speechStartSeconds(), utterance.speechEndSeconds());
  }

  long frontendNanos() {
    return frontendNanos;
  }

  long inferenceNanos() {
    return inferenceNanos;
  }
}
