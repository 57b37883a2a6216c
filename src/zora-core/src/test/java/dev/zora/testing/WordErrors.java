package dev.zora.testing;

import java.util.List;

/**
 * Word errors (substitutions + deletions + insertions) by Levenshtein alignment, as the recipe's
 * wer.py.
 */
public final class WordErrors {
  private WordErrors() {}

  public static int count(List<String> reference, List<String> hypothesis) {
    int[] previous = new int[hypothesis.size() + 1];
    int[] current = new int[hypothesis.size() + 1];
    for (int j = 0; j <= hypothesis.size(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= reference.size(); i++) {
      current[0] = i;
      for (int j = 1; j <= hypothesis.size(); j++) {
        int substitution =
            previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[hypothesis.size()];
  }
}
