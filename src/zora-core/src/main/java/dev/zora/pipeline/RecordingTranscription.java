package dev.zora.pipeline;

import dev.zora.audio.PcmSink;
import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.Transcript;
import dev.zora.segmentation.SpeechDetector;
import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.task.ServedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One recording's way through the pipeline, fed by the audio decoder as it decodes: resampled to
 * the model's rate, cut into utterances at its pauses, each utterance transcribed as soon as it is
 * complete and its times moved to where it lies in the recording. Only the utterance in progress is
 * held, so memory does not grow with the recording's length.
 */
final class RecordingTranscription implements PcmSink {
  private final ServedModel model;
  private final UtteranceSegmenter.Settings segmentation;
  private final SpeechDetector detector;
  private final double maxSeconds;
  private final List<Transcript> parts = new ArrayList<>();
  private final Consumer<Transcript> onUtterance;
  private SegmentedTranscription transcription;
  private long sourceSamples;

  /**
   * @param detector a fresh detector at the model's rate; its owner closes it
   * @param onUtterance told each utterance's transcript (times in the recording) as soon as it is
   *     decoded
   */
  RecordingTranscription(
      ServedModel model,
      UtteranceSegmenter.Settings segmentation,
      SpeechDetector detector,
      double maxSeconds,
      Consumer<Transcript> onUtterance) {
    this.model = model;
    this.segmentation = segmentation;
    this.detector = detector;
    this.onUtterance = onUtterance;
    this.maxSeconds = maxSeconds;
  }

  @Override
  public void start(int sampleRate) {
    transcription =
        new SegmentedTranscription(
            model,
            sampleRate,
            SegmentedTranscription.Segmentation.of(
                new UtteranceSegmenter(model.sampleRate(), segmentation, detector)),
            LeftContext.none());
  }

  @Override
  public void accept(float[] samples) {
    sourceSamples += samples.length;
    if (durationSeconds() > maxSeconds) {
      throw UnusableAudioException.longerThan(maxSeconds);
    }
    keep(transcription.accept(samples));
  }

  /**
   * Transcribes what is left once the decoder is done, and returns the whole recording's
   * transcript.
   */
  Transcript finish() {
    keep(transcription.finish());
    return Transcript.concatenate(parts);
  }

  /** The recording's duration, from the decoded samples at their own rate. */
  double durationSeconds() {
    return transcription == null ? 0 : sourceSamples / (double) transcription.sourceRate();
  }

  long frontendNanos() {
    return transcription == null ? 0 : transcription.frontendNanos();
  }

  long inferenceNanos() {
    return transcription == null ? 0 : transcription.inferenceNanos();
  }

  /** A recording's events are its finals (its segmenter tells no speech starts). */
  private void keep(List<LiveTranscription.Event> events) {
    for (LiveTranscription.Event event : events) {
      if (event instanceof LiveTranscription.Final last) {
        parts.add(last.transcript());
        onUtterance.accept(last.transcript());
      }
    }
  }
}
