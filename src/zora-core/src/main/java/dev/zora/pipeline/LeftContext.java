package dev.zora.pipeline;

import dev.zora.decode.Segment;
import dev.zora.decode.Transcript;
import dev.zora.segmentation.Utterance;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A live stream's utterance decoded with the one before it as left context, when the pause between
 * them is one a file keeps inside an utterance: so a stream, which ends an utterance after a
 * shorter pause than a file (a final soon after the speaker stops), hears the same words as the
 * file. Without it the connected models read the second piece of a string cut at a 0.5 s pause on
 * its own, and got some wrong that they read right in the whole string ("four six two" as "four
 * four seven").
 *
 * <p>The two utterances go through the model as one, and the final keeps the words whose middle
 * lies after the middle of the pause, with the second utterance's times and speech bounds. Only for
 * models that place words in time, and only after an utterance the model heard words in; not across
 * a push-to-talk flush (the client said the utterance was over), and not past the longest
 * utterance. One instance per stream; not thread-safe.
 */
final class LeftContext {
  private final long pauseSamples;
  private final long maxSamples;
  private Utterance previous; // the last utterance that came out, while it may be context; or null

  /**
   * @param pauseSeconds the pause below which the utterance before is context (a file's pause)
   * @param maxSeconds the longest audio decoded at once (the longest utterance)
   * @param sampleRate the rate utterances count samples in
   */
  LeftContext(double pauseSeconds, double maxSeconds, int sampleRate) {
    this.pauseSamples = Math.round(pauseSeconds * sampleRate);
    this.maxSamples = Math.round(maxSeconds * sampleRate);
  }

  /** Context off: every utterance decoded alone (recordings, whose pauses are already a file's). */
  static LeftContext none() {
    return new LeftContext(0, 0, 1);
  }

  /**
   * The utterance's transcript: {@code transcribe} of it alone, or of it joined to the utterance
   * before, keeping only its own words.
   */
  Transcript transcribe(Utterance utterance, Function<Utterance, Transcript> transcribe) {
    Utterance before = previous;
    Optional<Utterance> joined = joined(before, utterance);
    Transcript transcript =
        joined.isEmpty()
            ? transcribe.apply(utterance)
            : ownWords(transcribe.apply(joined.get()), before, utterance);
    // Only speech is context: a cough or a chord the model heard no word in changed how it read
    // the string after it ("six" as "six six"), and a file does not always hold it either.
    previous = transcript.text().isEmpty() ? null : utterance;
    return transcript;
  }

  /** The words of {@code both} (the two utterances decoded as one) that belong to the second. */
  private static Transcript ownWords(Transcript both, Utterance before, Utterance utterance) {
    double cut = (before.speechEndSeconds() + utterance.speechStartSeconds()) / 2;
    List<Segment> words =
        both.words().stream().filter(w -> (w.startSeconds() + w.endSeconds()) / 2 >= cut).toList();
    String text = words.stream().map(Segment::text).collect(Collectors.joining(" "));
    List<Segment> segments =
        text.isEmpty()
            ? List.of()
            : both.segments().stream()
                .limit(1) // one segment per utterance
                .map(
                    s ->
                        new Segment(
                            utterance.speechStartSeconds(),
                            utterance.speechEndSeconds(),
                            text,
                            s.confidence(),
                            s.noSpeechProbability()))
                .toList();
    return new Transcript(text, segments, words, Optional.empty());
  }

  /** After a push-to-talk flush nothing before is context: the client ended the utterance. */
  void forget() {
    previous = null;
  }

  private Optional<Utterance> joined(Utterance before, Utterance utterance) {
    if (before == null
        || utterance.speechStartSample() - before.speechEndSample() >= pauseSamples
        || utterance.startSample() > before.startSample() + before.samples().length) {
      return Optional.empty(); // a long pause, or audio between them that neither holds
    }
    long end = utterance.startSample() + utterance.samples().length;
    if (end - before.startSample() > maxSamples) {
      return Optional.empty();
    }
    float[] samples = new float[(int) (end - before.startSample())];
    System.arraycopy(before.samples(), 0, samples, 0, before.samples().length);
    int fromUtterance =
        (int) (before.startSample() + before.samples().length - utterance.startSample());
    System.arraycopy(
        utterance.samples(),
        fromUtterance,
        samples,
        before.samples().length,
        utterance.samples().length - fromUtterance);
    return Optional.of(
        new Utterance(
            before.startSample(),
            samples,
            before.speechStartSample(),
            utterance.speechEndSample(),
            utterance.sampleRate(),
            utterance.speechProbability()));
  }
}
