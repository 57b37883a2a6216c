package dev.zora.decode;

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
    String text, List<Segment> segments, List<Segment> words, Optional<Classification> classification) {
  public Transcript {
    segments = List.copyOf(segments);
    words = List.copyOf(words);
  }
}
