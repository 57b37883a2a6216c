package dev.zora.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Endpointing for a live stream: cuts utterances by the same rules as {@link UtteranceSegmenter}
 * (the shared {@link UtteranceFinder}), but hands each one out as soon as the pause after it has
 * lasted the hangover, tells when speech starts, and shows the utterance in progress, so a caller
 * can send partial results while someone speaks and a final one soon after they pause.
 *
 * <p>A stream that ends before any speech was found, no longer than the longest utterance, comes
 * out whole, as a short file does: a clip that begins with speech can hide its onset from the VAD
 * (whose noise floor starts at the first frame's level), and what was sent must still be heard.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class LiveSegmenter {

  /** What the samples just pushed revealed, in stream order. */
  public sealed interface Event permits SpeechStarted, UtteranceEnded {}

  /** Speech began at {@code sample}, counted from the start of the stream. */
  public record SpeechStarted(long sample) implements Event {}

  /**
   * An utterance is complete: the pause after it lasted the hangover, or it reached the longest
   * length.
   */
  public record UtteranceEnded(Utterance utterance) implements Event {}

  private final UtteranceFinder finder;
  private final long maxUtterance;
  private boolean heardSpeech;

  /**
   * Cuts at the pauses the energy VAD finds.
   *
   * @param settings the hangover of its VAD is how long a pause must last before an utterance ends
   */
  public LiveSegmenter(int sampleRate, UtteranceSegmenter.Settings settings) {
    this(sampleRate, settings, new VoiceActivityDetector(sampleRate, settings.vad()));
  }

  /** Cuts at the pauses {@code detector} finds; it must be at {@code sampleRate} and fresh. */
  public LiveSegmenter(
      int sampleRate, UtteranceSegmenter.Settings settings, SpeechDetector detector) {
    this.finder =
        new UtteranceFinder(
            sampleRate, detector, settings.paddingSeconds(), settings.maxUtteranceSeconds());
    this.maxUtterance = Math.round(settings.maxUtteranceSeconds() * sampleRate);
  }

  /** Feeds the next samples; returns what they revealed, in order. */
  public List<Event> push(float[] samples) {
    List<Event> events = new ArrayList<>();
    finder.push(
        samples,
        new UtteranceFinder.Listener() {
          @Override
          public void speechStarted(long speechStartSample) {
            heardSpeech = true;
            events.add(new SpeechStarted(speechStartSample));
          }

          @Override
          public void utteranceEnded(UtteranceFinder.Span span) {
            withSpeech(span).ifPresent(u -> events.add(new UtteranceEnded(u)));
          }
        });
    finder
        .cutIfOverlong()
        .flatMap(this::withSpeech)
        .ifPresent(u -> events.add(new UtteranceEnded(u)));
    if (!mayComeOutWhole()) {
      finder.forgetUnneeded();
    }
    return events;
  }

  /** The utterance in progress, from its start to the last sample pushed; empty in a pause. */
  public Optional<Utterance> inProgress() {
    return finder.open().map(finder::cut);
  }

  /**
   * Where the speech of the utterance in progress started, without copying its audio; empty in a
   * pause.
   */
  public OptionalLong speechInProgressSince() {
    return finder
        .open()
        .map(span -> OptionalLong.of(span.speechStart()))
        .orElse(OptionalLong.empty());
  }

  /** Samples pushed so far. */
  public long samplesPushed() {
    return finder.end();
  }

  /**
   * Ends the utterance in progress now, without waiting for a pause. Speech that goes on becomes
   * the next utterance; if it does not go on (the speaker had stopped and the hangover was still
   * running), that next utterance holds no speech and never comes out.
   */
  public Optional<Utterance> flush() {
    Optional<Utterance> ended = finder.closeOpen().flatMap(this::withSpeech);
    finder.reopenIfInSpeech();
    return ended;
  }

  /**
   * Ends the stream; returns the utterance still in progress, up to the last sample (or the whole
   * stream, see above).
   */
  public Optional<Utterance> finish() {
    if (mayComeOutWhole() && finder.end() > 0) {
      return Optional.of(finder.cut(new UtteranceFinder.Span(0, finder.end(), 0, finder.end())));
    }
    return finder.closeOpen().flatMap(this::withSpeech);
  }

  private boolean mayComeOutWhole() {
    return !heardSpeech && finder.end() <= maxUtterance;
  }

  /**
   * The span as an utterance, unless it holds no speech (it began after the speech it was opened
   * for ended).
   */
  private Optional<Utterance> withSpeech(UtteranceFinder.Span span) {
    return span.speechEnd() > span.speechStart() ? Optional.of(finder.cut(span)) : Optional.empty();
  }
}
