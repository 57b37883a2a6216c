package dev.zora.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * Keeps partial results stable ("local agreement"): of each new hypothesis for an utterance still
 * in progress, only the words it shares, from the start, with the hypothesis before it are shown. A
 * word heard in audio cut off mid-word is often wrong and changes when more audio arrives; a word
 * that two decodes half a second apart agree on rarely does.
 */
final class AgreedPrefix {
  private List<String> previous = List.of();

  /** The words this hypothesis and the previous one begin with, joined with spaces. */
  String next(String hypothesis) {
    List<String> words =
        hypothesis.isBlank() ? List.of() : Arrays.asList(hypothesis.strip().split("\\s+"));
    int agreed = 0;
    while (agreed < Math.min(words.size(), previous.size())
        && words.get(agreed).equals(previous.get(agreed))) {
      agreed++;
    }
    previous = words;
    return String.join(" ", words.subList(0, agreed));
  }

  /** Forgets the hypotheses of the utterance that just ended. */
  void reset() {
    previous = List.of();
  }
}
