package dev.zora.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search alone, on a decoder that is a fixed table of next-token probabilities. */
class BeamSearchTest {
  private static final int SOS = 1;
  private static final int EOS = 2;
  private static final int A = 3;
  private static final int B = 4;

  /**
   * Next-token probabilities over {pad, sos, eos, a, b} after each prefix (written without sos).
   */
  private static final Map<String, double[]> TABLE =
      Map.of(
          "[]", new double[] {0.01, 0.01, 0.02, 0.56, 0.40},
          "[3]", new double[] {0.01, 0.01, 0.30, 0.35, 0.33},
          "[4]", new double[] {0.01, 0.01, 0.95, 0.02, 0.01},
          "[3, 3]", new double[] {0.01, 0.01, 0.9, 0.04, 0.04});

  /** Every other prefix ends at once. */
  private static final double[] OTHERWISE = {0.02, 0.02, 0.9, 0.03, 0.03};

  /** Records the batch of every step, to check that live hypotheses are scored together. */
  private final List<List<int[]>> batches = new ArrayList<>();

  private Map<String, double[]> table = TABLE;

  private double[][] step(List<int[]> prefixes) {
    batches.add(prefixes);
    double[][] out = new double[prefixes.size()][];
    for (int i = 0; i < out.length; i++) {
      int[] prefix = prefixes.get(i);
      assertEquals(SOS, prefix[0]);
      assertEquals(prefixes.get(0).length, prefix.length, "prefixes of one step have one length");
      double[] p =
          table.getOrDefault(
              Arrays.toString(Arrays.copyOfRange(prefix, 1, prefix.length)), OTHERWISE);
      out[i] = Arrays.stream(p).map(Math::log).toArray();
    }
    return out;
  }

  private BeamSearch.Hypothesis search(int width, int maxTokens, double lengthNormalization) {
    return new BeamSearch(new BeamSearchOptions(width, maxTokens, 0, lengthNormalization), SOS, EOS)
        .search(this::step);
  }

  @Test
  void aLongerUtteranceMayHaveMoreTokens() {
    BeamSearchOptions options = new BeamSearchOptions(4, 12, 4.0, 1.0);
    assertEquals(12, options.forUtterance(1.0).maxTokens()); // the least limit
    assertEquals(12, options.forUtterance(2.75).maxTokens());
    assertEquals(21, options.forUtterance(5.0).maxTokens()); // 20 words and <eos>
    assertEquals(81, options.forUtterance(20.0).maxTokens());
    assertEquals(12, new BeamSearchOptions(4, 12, 0, 1.0).forUtterance(20.0).maxTokens());
    assertEquals(options.width(), options.forUtterance(20.0).width());
  }

  @Test
  void widthOneFollowsTheMostProbableTokenAtEachStep() {
    BeamSearch.Hypothesis greedy = search(1, 12, 1.0);
    assertArrayEquals(new int[] {A, A, EOS}, greedy.tokens());
    assertArrayEquals(
        new double[] {Math.log(0.56), Math.log(0.35), Math.log(0.9)}, greedy.logProbs(), 1e-12);
    assertTrue(batches.stream().allMatch(batch -> batch.size() == 1));
  }

  @Test
  void aWiderBeamFindsTheHypothesisWithTheBetterMeanLogProbabilityThatGreedyMisses() {
    BeamSearch.Hypothesis greedy = search(1, 12, 1.0);
    BeamSearch.Hypothesis beam = search(2, 12, 1.0);
    assertArrayEquals(new int[] {B, EOS}, beam.tokens());
    // (ln 0.4 + ln 0.95) / 2 = -0.484 beats (ln 0.56 + ln 0.35 + ln 0.9) / 3 = -0.578
    assertTrue(beam.score() / 2 > greedy.score() / 3, beam + " vs " + greedy);
  }

  @Test
  void theLiveHypothesesOfAStepAreScoredInOneBatch() {
    search(2, 12, 1.0);
    assertEquals(1, batches.get(0).size());
    assertEquals(2, batches.get(1).size(), "a and b are both live after the first step");
    // After step 2, "b <eos>" finished and only "a a" is live.
    assertEquals(1, batches.get(2).size());
    assertArrayEquals(new int[] {SOS, A, A}, batches.get(2).get(0));
  }

  @Test
  void stopsOnceNoLiveHypothesisCouldBeatTheBestFinishedOne() {
    // Finished "b <eos>" has mean -0.484. After step 3 the only live prefix, "a a a", sums -4.85,
    // so
    // nothing it becomes within 12 tokens beats -4.85 / 12 = -0.40: one more step, then its
    // extension sums -8.36 (at best -0.70 at 12 tokens) and the search stops, 4 steps in, not 12.
    assertArrayEquals(new int[] {B, EOS}, search(2, 12, 1.0).tokens());
    assertEquals(4, batches.size());
  }

  @Test
  void stopsAtMaxTokensAndReturnsTheUnfinishedHypothesis() {
    BeamSearch.Hypothesis cut = search(1, 2, 1.0);
    assertArrayEquals(new int[] {A, A}, cut.tokens());
    assertEquals(2, batches.size());
  }

  @Test
  void lengthNormalisationDecidesBetweenAShortAndALongerHypothesis() {
    // "b <eos>" sums ln 0.4 + ln 0.5 = -1.609 (mean -0.805); "a a <eos>" sums -1.735 (mean -0.578).
    table =
        Map.of(
            "[]", new double[] {0.01, 0.01, 0.02, 0.56, 0.40},
            "[3]", new double[] {0.01, 0.01, 0.30, 0.35, 0.33},
            "[4]", new double[] {0.01, 0.01, 0.5, 0.3, 0.18},
            "[3, 3]", new double[] {0.01, 0.01, 0.9, 0.04, 0.04});
    assertArrayEquals(new int[] {A, A, EOS}, search(2, 12, 1.0).tokens());
    assertArrayEquals(new int[] {B, EOS}, search(2, 12, 0.0).tokens());
  }

  @Test
  void refusesAWidthBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> new BeamSearchOptions(0, 12, 4.0, 1.0));
  }

  @Test
  void topIndicesPutsEqualValuesInIndexOrder() {
    assertArrayEquals(
        new int[] {2, 0, 3}, BeamSearch.topIndices(new double[] {0.5, 0.1, 0.9, 0.5}, 3));
    assertArrayEquals(new int[] {1, 0}, BeamSearch.topIndices(new double[] {0.1, 0.2}, 5));
  }
}
