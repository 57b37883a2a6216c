package dev.zora.pipeline;

import dev.zora.audio.PcmSink;
import dev.zora.audio.StreamingResampler;
import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.Transcript;
import dev.zora.segmentation.SpeechDetector;
import dev.zora.segmentation.Utterance;
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
  private final UtteranceSegmenter segmenter;
  private final UtteranceTranscriber transcriber;
  private final double maxSeconds;
  private final List<Transcript> parts = new ArrayList<>();
  private final Consumer<Transcript> onUtterance;
  private StreamingResampler resampler;
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
    this.onUtterance = onUtterance;
    this.segmenter = new UtteranceSegmenter(model.sampleRate(), segmentation, detector);
    this.transcriber = new UtteranceTranscriber(model);
    this.maxSeconds = maxSeconds;
  }

  @Override
  public void start(int sampleRate) {
    resampler = new StreamingResampler(sampleRate, model.frontEnd().spec().sampleRate());
  }

  @Override
  public void accept(float[] samples) {
    sourceSamples += samples.length;
    if (durationSeconds() > maxSeconds) {
      throw UnusableAudioException.longerThan(maxSeconds);
    }
    segmenter.push(resampler.process(samples)).forEach(this::transcribe);
  }

  /**
   * Transcribes what is left once the decoder is done, and returns the whole recording's
   * transcript.
   */
  Transcript finish() {
    segmenter.push(resampler.finish()).forEach(this::transcribe);
    segmenter.finish().forEach(this::transcribe);
    return Transcript.concatenate(parts);
  }

  /** The recording's duration, from the decoded samples at their own rate. */
  double durationSeconds() {
    return resampler == null ? 0 : sourceSamples / (double) resampler.fromRate();
  }

  long frontendNanos() {
    return transcriber.frontendNanos();
  }

  long inferenceNanos() {
    return transcriber.inferenceNanos();
  }

  private void transcribe(Utterance utterance) {
    Transcript part = transcriber.transcribe(utterance);
    parts.add(part);
    onUtterance.accept(part);
  }
}
