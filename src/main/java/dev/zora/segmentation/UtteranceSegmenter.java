package dev.zora.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording that arrives in pieces into utterances at its pauses, holding only the audio it
 * may still need, so a one-hour file never sits in memory whole.
 *
 * <p>Speech found by the {@link VoiceActivityDetector} (a pause must last the VAD's hangover to end
 * an utterance) becomes an utterance with up to {@code paddingSeconds} of the surrounding audio on
 * each side, never overlapping its neighbours; the silence between utterances is not transcribed.
 * Speech that goes on past {@code maxUtteranceSeconds} is cut at its quietest 10 ms in the last
 * quarter of that length.
 *
 * <p>A recording no longer than {@code maxUtteranceSeconds} that holds at most one utterance comes
 * out whole, from its first sample to its last: a short clip is transcribed exactly as the models
 * were trained and tested, and a clip of silence still reaches a classifier (which says
 * {@code _silence_}).
 *
 * <p>One instance per recording; not thread-safe.
 */
public final class UtteranceSegmenter {

  /**
   * @param vad the detector's settings; its hangover is the shortest pause that ends an utterance
   * @param paddingSeconds audio kept before and after each utterance's speech
   * @param maxUtteranceSeconds the longest utterance; longer speech is cut
   */
  public record Settings(VoiceActivityDetector.Settings vad, double paddingSeconds, double maxUtteranceSeconds) {
    public Settings {
      if (paddingSeconds < 0 || maxUtteranceSeconds <= 1) {
        throw new IllegalArgumentException("segmentation settings out of range: padding " + paddingSeconds
            + " s, longest utterance " + maxUtteranceSeconds + " s");
      }
    }
  }

  private final int sampleRate;
  private final long padding;
  private final long maxUtterance;
  private final long onsetReach;
  private final VoiceActivityDetector vad;
  private final SampleHistory history = new SampleHistory();
  /** Utterances found while the recording may still come out whole. */
  private final List<Span> held = new ArrayList<>();
  private boolean mayStayWhole = true;
  private long openStart = -1; // start of the utterance in progress; -1 when in a pause
  private long openSpeechStart;
  private long lastEnd; // no utterance starts before the previous one ends

  /** Where an utterance lies in the recording, and where its speech lies: absolute samples. */
  private record Span(long start, long end, long speechStart, long speechEnd) {}

  public UtteranceSegmenter(int sampleRate, Settings settings) {
    this.sampleRate = sampleRate;
    this.padding = Math.round(settings.paddingSeconds() * sampleRate);
    this.maxUtterance = Math.round(settings.maxUtteranceSeconds() * sampleRate);
    this.vad = new VoiceActivityDetector(sampleRate, settings.vad());
    // A speech start is reported some time after it began: keep that much, plus the padding.
    this.onsetReach = vad.longestStartDelaySamples() + vad.frameSamples() + padding;
  }

  /** Feeds the next samples; returns the utterances they completed, in order. */
  public List<Utterance> push(float[] samples) {
    history.append(samples);
    List<Utterance> completed = new ArrayList<>();
    for (VoiceActivityDetector.Transition t : vad.push(samples)) {
      if (t.speechStarts()) {
        openSpeechStart = Math.max(Math.max(lastEnd, history.first()), t.sample());
        openStart = Math.max(Math.max(lastEnd, history.first()), t.sample() - padding);
      } else {
        close(new Span(openStart, Math.min(history.end(), t.sample() + padding), openSpeechStart, t.sample()),
            completed);
        openStart = -1;
      }
    }
    if (mayStayWhole && history.end() > maxUtterance) {
      mayStayWhole = false;
      held.forEach(span -> completed.add(cut(span)));
      held.clear();
    }
    if (!mayStayWhole) {
      if (openStart >= 0 && history.end() - openStart >= maxUtterance) {
        long cutAt = quietestPoint(openStart + maxUtterance * 3 / 4, history.end());
        close(new Span(openStart, cutAt, openSpeechStart, cutAt), completed);
        openStart = cutAt;
        openSpeechStart = cutAt;
      }
      history.dropBefore(openStart >= 0 ? openStart : Math.max(lastEnd, history.end() - onsetReach));
    }
    return completed;
  }

  /** Ends the recording; returns the utterances still open or held. */
  public List<Utterance> finish() {
    List<Utterance> rest = new ArrayList<>();
    long end = history.end();
    if (openStart >= 0 && end > openStart) {
      close(new Span(openStart, end, openSpeechStart, end), rest);
    }
    openStart = -1;
    if (mayStayWhole && held.size() <= 1) {
      // The whole recording as one utterance; its speech is what the VAD found, or all of it.
      Span speech = held.isEmpty() ? new Span(0, end, 0, end) : held.get(0);
      if (end > 0) {
        rest.add(cut(new Span(0, end, speech.speechStart(), speech.speechEnd())));
      }
    } else {
      held.forEach(span -> rest.add(cut(span)));
    }
    held.clear();
    return rest;
  }

  private void close(Span span, List<Utterance> completed) {
    lastEnd = span.end();
    if (mayStayWhole) {
      held.add(span);
    } else {
      completed.add(cut(span));
    }
  }

  private Utterance cut(Span span) {
    return new Utterance(span.start(), history.copy(span.start(), span.end()), span.speechStart(), span.speechEnd(),
        sampleRate);
  }

  /** The middle of the quietest 10 ms frame between two absolute sample indices. */
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
