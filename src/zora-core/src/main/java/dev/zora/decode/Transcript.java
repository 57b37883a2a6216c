package dev.zora.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a model heard, for any task: the text, its timed segments and its timed words. Classifiers
 * also give their {@link Classification}.
 *
 * @param words one entry per word, each a segment holding exactly one word; empty when the task
 *     cannot place words in time
 */
public record Transcript(
    String text,
    List<Segment> segments,
    List<Segment> words,
    Optional<Classification> classification) {
  public Transcript {
    segments = List.copyOf(segments);
    words = List.copyOf(words);
  }

  /** The same transcript with every time moved {@code seconds} later. */
  public Transcript shifted(double seconds) {
    return new Transcript(
        text,
        segments.stream().map(s -> s.shifted(seconds)).toList(),
        words.stream().map(w -> w.shifted(seconds)).toList(),
        classification);
  }

  /** The same transcript with every time held inside {@code [startSeconds, endSeconds]}. */
  public Transcript within(double startSeconds, double endSeconds) {
    return new Transcript(
        text,
        segments.stream().map(s -> s.within(startSeconds, endSeconds)).toList(),
        words.stream().map(w -> w.within(startSeconds, endSeconds)).toList(),
        classification);
  }

  /**
   * The same transcript with its segments stretched to cover {@code [startSeconds, endSeconds]}:
   * the first starts no later than {@code startSeconds}, the last ends no earlier than {@code
   * endSeconds}.
   */
  public Transcript covering(double startSeconds, double endSeconds) {
    if (segments.isEmpty()) {
      return this;
    }
    List<Segment> stretched = new ArrayList<>(segments);
    Segment first = stretched.get(0);
    stretched.set(
        0,
        new Segment(
            Math.min(first.startSeconds(), startSeconds),
            first.endSeconds(),
            first.text(),
            first.confidence(),
            first.noSpeechProbability()));
    Segment last = stretched.get(stretched.size() - 1);
    stretched.set(
        stretched.size() - 1,
        new Segment(
            last.startSeconds(),
            Math.max(last.endSeconds(), endSeconds),
            last.text(),
            last.confidence(),
            last.noSpeechProbability()));
    return new Transcript(text, stretched, words, classification);
  }

  /** The same transcript with every segment carrying the probability that it holds no speech. */
  public Transcript withNoSpeechProbability(double probability) {
    return new Transcript(
        text,
        segments.stream().map(s -> s.withNoSpeechProbability(probability)).toList(),
        words,
        classification);
  }

  /**
   * The transcripts of consecutive utterances as one: texts joined with spaces, segments and words
   * in order. A classification is kept only when there is a single utterance, since it describes
   * one utterance.
   */
  public static Transcript concatenate(List<Transcript> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Segment> segments = new ArrayList<>();
    List<Segment> words = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Transcript part : parts) {
      segments.addAll(part.segments());
      words.addAll(part.words());
      if (!part.text().isEmpty()) {
        texts.add(part.text());
      }
    }
    return new Transcript(String.join(" ", texts), segments, words, Optional.empty());
  }
}
