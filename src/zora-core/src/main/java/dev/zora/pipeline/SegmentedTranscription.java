package dev.zora.pipeline;

import dev.zora.audio.StreamingResampler;
import dev.zora.segmentation.LiveSegmenter;
import dev.zora.segmentation.Utterance;
import dev.zora.segmentation.UtteranceSegmenter;
import dev.zora.task.ServedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps a recording and a live stream share, in one place: audio at its own rate goes in piece
 * by piece, is resampled to the model's rate, cut into utterances by a segmenter, and each
 * utterance is transcribed as soon as the segmenter hands it out. {@link RecordingTranscription}
 * and {@link LiveTranscription} differ only in the segmenter's rules and in what they do with the
 * events. One instance per recording or stream; not thread-safe.
 */
final class SegmentedTranscription {

  /** What cuts the audio into utterances: the rules for whole recordings, or for live streams. */
  interface Segmentation {
    /** Feeds samples at the model's rate; returns what they revealed, in order. */
    List<LiveSegmenter.Event> push(float[] samples);

    /** Ends the audio; returns the utterances still open or held. */
    List<Utterance> finish();

    /** A recording's rules: utterances may be held until it is known whether it comes out whole. */
    static Segmentation of(UtteranceSegmenter segmenter) {
      return new Segmentation() {
        @Override
        public List<LiveSegmenter.Event> push(float[] samples) {
          return segmenter.push(samples).stream()
              .<LiveSegmenter.Event>map(LiveSegmenter.UtteranceEnded::new)
              .toList();
        }

        @Override
        public List<Utterance> finish() {
          return segmenter.finish();
        }
      };
    }

    /**
     * A live stream's rules: each utterance out as soon as the pause after it lasts the hangover.
     */
    static Segmentation of(LiveSegmenter segmenter) {
      return new Segmentation() {
        @Override
        public List<LiveSegmenter.Event> push(float[] samples) {
          return segmenter.push(samples);
        }

        @Override
        public List<Utterance> finish() {
          return segmenter.finish().stream().toList();
        }
      };
    }
  }

  private final StreamingResampler resampler;
  private final Segmentation segmentation;
  private final UtteranceTranscriber transcriber;
  private final LeftContext leftContext;

  /**
   * @param sourceRate the rate of the samples that will be accepted, in Hz
   * @param leftContext when an utterance is decoded with the one before ({@link LeftContext#none()}
   *     for never)
   */
  SegmentedTranscription(
      ServedModel model, int sourceRate, Segmentation segmentation, LeftContext leftContext) {
    this.resampler = new StreamingResampler(sourceRate, model.sampleRate());
    this.segmentation = segmentation;
    this.transcriber = new UtteranceTranscriber(model);
    this.leftContext = leftContext;
  }

  /** Feeds the next samples at the source rate; returns the speech starts and finals they made. */
  List<LiveTranscription.Event> accept(float[] samples) {
    return events(segmentation.push(resampler.process(samples)));
  }

  /** Ends the audio: everything accepted is transcribed; returns the last events. */
  List<LiveTranscription.Event> finish() {
    List<LiveTranscription.Event> events =
        new ArrayList<>(events(segmentation.push(resampler.finish())));
    segmentation.finish().forEach(u -> events.add(toFinal(u)));
    return events;
  }

  /** One utterance's final: its transcript with the recording's times. */
  LiveTranscription.Final toFinal(Utterance utterance) {
    return new LiveTranscription.Final(
        leftContext.transcribe(utterance, transcriber::transcribe),
        utterance.speechStartSeconds(),
        utterance.speechEndSeconds());
  }

  /** The next utterance is decoded without the ones before as context (after a flush). */
  void forgetContext() {
    leftContext.forget();
  }

  /** The utterance's transcript, for a partial result. */
  String heard(Utterance utterance) {
    return transcriber.transcribe(utterance).text();
  }

  /** The source's rate, in Hz. */
  int sourceRate() {
    return resampler.fromRate();
  }

  /** The model's rate, in Hz: what utterances and the segmenter count samples in. */
  int modelRate() {
    return resampler.toRate();
  }

  long frontendNanos() {
    return transcriber.frontendNanos();
  }

  long inferenceNanos() {
    return transcriber.inferenceNanos();
  }

  private List<LiveTranscription.Event> events(List<LiveSegmenter.Event> found) {
    List<LiveTranscription.Event> events = new ArrayList<>(found.size());
    for (LiveSegmenter.Event event : found) {
      if (event instanceof LiveSegmenter.SpeechStarted started) {
        events.add(new LiveTranscription.SpeechStarted(started.sample() / (double) modelRate()));
      } else if (event instanceof LiveSegmenter.UtteranceEnded ended) {
        events.add(toFinal(ended.utterance()));
      }
    }
    return events;
  }
}
