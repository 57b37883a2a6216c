package dev.zora.segmentation;

import java.util.Optional;

/**
 * Where utterances lie in a stream of samples: the core that {@link UtteranceSegmenter} (files) and
 * {@link LiveSegmenter} (live streams) share. Speech found by the {@link SpeechDetector} opens an
 * utterance up to {@code padding} samples before it and closes it up to {@code padding} samples
 * after it (as far as the stream has reached), never overlapping the previous utterance; an
 * utterance that grows to the longest length is cut at its quietest 10 ms in its last quarter and
 * goes on from there. The finder keeps the recent samples the utterances are cut from; its owner
 * decides when to forget the ones no utterance can need any more.
 */
final class UtteranceFinder {

  /** Where an utterance lies in the stream, and where its speech lies: absolute samples. */
  record Span(long start, long end, long speechStart, long speechEnd) {}

  /** Told, in stream order, what the samples just pushed revealed. */
  interface Listener {
    void speechStarted(long speechStartSample);

    void utteranceEnded(Span span);
  }

  private final int sampleRate;
  private final long padding;
  private final long maxUtterance;
  private final long onsetReach;
  private final SpeechDetector vad;
  private final SampleHistory history = new SampleHistory();
  private long openStart = -1; // start of the utterance in progress; -1 when in a pause
  private long openSpeechStart;
  private long lastEnd; // no utterance starts before the previous one ends

  UtteranceFinder(
      int sampleRate, SpeechDetector vad, double paddingSeconds, double maxUtteranceSeconds) {
    this.sampleRate = sampleRate;
    this.padding = Math.round(paddingSeconds * sampleRate);
    this.maxUtterance = Math.round(maxUtteranceSeconds * sampleRate);
    this.vad = vad;
    // A speech start is reported some time after it began: keep that much, plus the padding.
    this.onsetReach = vad.longestStartDelaySamples() + vad.frameSamples() + padding;
  }

  /**
   * Appends samples and tells the listener about the speech starts and utterance ends they
   * complete.
   */
  void push(float[] samples, Listener listener) {
    history.append(samples);
    for (SpeechDetector.Transition t : vad.push(samples)) {
      if (t.speechStarts()) {
        openAt(t.sample());
        listener.speechStarted(openSpeechStart);
      } else if (openStart >= 0) {
        listener.utteranceEnded(close(Math.min(history.end(), t.sample() + padding), t.sample()));
      }
    }
  }

  private void openAt(long speechStart) {
    openSpeechStart = Math.max(Math.max(lastEnd, history.first()), speechStart);
    openStart = Math.max(Math.max(lastEnd, history.first()), speechStart - padding);
  }

  /** When the utterance in progress has reached the longest length: its first part, cut off. */
  Optional<Span> cutIfOverlong() {
    if (openStart < 0 || history.end() - openStart < maxUtterance) {
      return Optional.empty();
    }
    long cutAt = quietestPoint(openStart + maxUtterance * 3 / 4, history.end());
    Span first = close(cutAt, cutAt);
    openStart = cutAt;
    openSpeechStart = cutAt;
    return Optional.of(first);
  }

  /**
   * Ends the utterance in progress, if any, with the last sample pushed (one whose start the
   * detector still held counts); an empty one is dropped.
   */
  Optional<Span> closeOpen() {
    for (SpeechDetector.Transition t : vad.reportHeld()) {
      if (t.speechStarts() && openStart < 0) {
        openAt(t.sample());
      }
    }
    if (openStart < 0) {
      return Optional.empty();
    }
    if (history.end() <= openStart) {
      openStart = -1;
      return Optional.empty();
    }
    return Optional.of(close(history.end(), history.end()));
  }

  /** The utterance in progress, from its start to the last sample pushed. */
  Optional<Span> open() {
    return openStart < 0
        ? Optional.empty()
        : Optional.of(new Span(openStart, history.end(), openSpeechStart, history.end()));
  }

  /**
   * Opens an utterance at the last sample pushed while the detector still hears speech (after
   * {@link #closeOpen} cut one short), so speech that goes on is not lost.
   */
  void reopenIfInSpeech() {
    if (openStart < 0 && vad.inSpeech()) {
      openStart = history.end();
      openSpeechStart = history.end();
    }
  }

  /**
   * Forgets the samples no utterance can need any more: before the open one, or before the reach of
   * a start.
   */
  void forgetUnneeded() {
    history.dropBefore(openStart >= 0 ? openStart : Math.max(lastEnd, history.end() - onsetReach));
  }

  /**
   * Whether the detector tells speech from other sounds (see {@link
   * SpeechDetector#tellsSpeechFromNoise}).
   */
  boolean tellsSpeechFromNoise() {
    return vad.tellsSpeechFromNoise();
  }

  /** Absolute index just past the last sample pushed. */
  long end() {
    return history.end();
  }

  Utterance cut(Span span) {
    return new Utterance(
        span.start(),
        history.copy(span.start(), span.end()),
        span.speechStart(),
        span.speechEnd(),
        sampleRate,
        vad.speechProbability(span.speechStart(), span.speechEnd()));
  }

  private Span close(long end, long speechEnd) {
    Span span = new Span(openStart, end, openSpeechStart, speechEnd);
    lastEnd = end;
    openStart = -1;
    return span;
  }

  /** The middle of the quietest detector frame between two absolute sample indices. */
  private long quietestPoint(long from, long to) {
    int frame = vad.frameSamples();
    long best = to;
    double quietest = Double.POSITIVE_INFINITY;
    for (long start = from; start + frame <= to; start += frame) {
      double energy = history.meanSquare(start, start + frame);
      if (energy < quietest) {
        quietest = energy;
        best = start + frame / 2;
      }
    }
    return best;
  }
}
