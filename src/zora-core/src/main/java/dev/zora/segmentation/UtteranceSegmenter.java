package dev.zora.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording that arrives in pieces into utterances at its pauses, holding only the audio it
 * may still need, so a one-hour file never sits in memory whole.
 *
 * <p>Speech found by the {@link SpeechDetector} (a pause must last the VAD's hangover to end an
 * utterance) becomes an utterance with up to {@code paddingSeconds} of the surrounding audio on
 * each side, never overlapping its neighbours; the silence between utterances is not transcribed.
 * Speech that goes on past {@code maxUtteranceSeconds} is cut at its quietest 10 ms in the last
 * quarter of that length. (The rules live in {@link UtteranceFinder}, which {@link LiveSegmenter}
 * shares.)
 *
 * <p>A recording no longer than {@code maxUtteranceSeconds} in which the detector found no
 * utterance comes out whole, from its first sample to its last, so a clip of silence still reaches
 * a classifier (which says {@code _silence_}). So does one with a single utterance when the
 * detector only hears loudness (the energy VAD): a short clip is then transcribed exactly as the
 * models were trained and tested. A detector that tells speech from noise (Silero) has that
 * utterance cut out, so a cough or a chord before or after it is left out.
 *
 * <p>One instance per recording; not thread-safe.
 */
public final class UtteranceSegmenter {

  /**
   * @param vad the energy detector's settings; its onset and hangover (the shortest pause that ends
   *     an utterance) are the endpoint rules of any detector
   * @param paddingSeconds audio kept before and after each utterance's speech
   * @param maxUtteranceSeconds the longest utterance; longer speech is cut
   */
  public record Settings(
      VoiceActivityDetector.Settings vad, double paddingSeconds, double maxUtteranceSeconds) {
    /** The server's defaults: the detector's, 0.5 s of padding, utterances of at most 20 s. */
    public static final Settings DEFAULTS =
        new Settings(VoiceActivityDetector.Settings.DEFAULTS, 0.5, 20);

    public Settings {
      if (paddingSeconds < 0 || maxUtteranceSeconds <= 1) {
        throw new IllegalArgumentException(
            "segmentation settings out of range: padding "
                + paddingSeconds
                + " s, longest utterance "
                + maxUtteranceSeconds
                + " s");
      }
    }

    /** The same settings with another hangover: the shortest pause that ends an utterance. */
    public Settings withHangover(double hangoverSeconds) {
      return new Settings(
          new VoiceActivityDetector.Settings(
              vad.thresholdDb(), vad.minLevelDb(), vad.onsetSeconds(), hangoverSeconds),
          paddingSeconds,
          maxUtteranceSeconds);
    }
  }

  private final long maxUtterance;
  private final UtteranceFinder finder;

  /** Utterances found while the recording may still come out whole. */
  private final List<UtteranceFinder.Span> held = new ArrayList<>();

  private boolean mayStayWhole = true;

  /** Cuts at the pauses the energy VAD finds. */
  public UtteranceSegmenter(int sampleRate, Settings settings) {
    this(sampleRate, settings, new VoiceActivityDetector(sampleRate, settings.vad()));
  }

  /** Cuts at the pauses {@code detector} finds; it must be at {@code sampleRate} and fresh. */
  public UtteranceSegmenter(int sampleRate, Settings settings, SpeechDetector detector) {
    this.maxUtterance = Math.round(settings.maxUtteranceSeconds() * sampleRate);
    this.finder =
        new UtteranceFinder(
            sampleRate, detector, settings.paddingSeconds(), settings.maxUtteranceSeconds());
  }

  /** Feeds the next samples; returns the utterances they completed, in order. */
  public List<Utterance> push(float[] samples) {
    List<Utterance> completed = new ArrayList<>();
    finder.push(
        samples,
        new UtteranceFinder.Listener() {
          @Override
          public void speechStarted(long speechStartSample) {}

          @Override
          public void utteranceEnded(UtteranceFinder.Span span) {
            keep(span, completed);
          }
        });
    if (mayStayWhole && finder.end() > maxUtterance) {
      mayStayWhole = false;
      held.forEach(span -> completed.add(finder.cut(span)));
      held.clear();
    }
    if (!mayStayWhole) {
      finder.cutIfOverlong().ifPresent(span -> keep(span, completed));
      finder.forgetUnneeded();
    }
    return completed;
  }

  /** Ends the recording; returns the utterances still open or held. */
  public List<Utterance> finish() {
    List<Utterance> rest = new ArrayList<>();
    finder.closeOpen().ifPresent(span -> keep(span, rest));
    long end = finder.end();
    if (mayStayWhole && (held.isEmpty() || held.size() == 1 && !finder.tellsSpeechFromNoise())) {
      // The whole recording as one utterance; its speech is what the VAD found, or all of it.
      UtteranceFinder.Span speech =
          held.isEmpty() ? new UtteranceFinder.Span(0, end, 0, end) : held.get(0);
      if (end > 0) {
        rest.add(
            finder.cut(new UtteranceFinder.Span(0, end, speech.speechStart(), speech.speechEnd())));
      }
    } else {
      held.forEach(span -> rest.add(finder.cut(span)));
    }
    held.clear();
    return rest;
  }

  private void keep(UtteranceFinder.Span span, List<Utterance> completed) {
    if (mayStayWhole) {
      held.add(span);
    } else {
      completed.add(finder.cut(span));
    }
  }
}
