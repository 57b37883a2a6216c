package dev.zora.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcPrefixBeamSearchTest {
  private static final int BLANK = 0;

  private static double[][] log(double[][] probabilities) {
    double[][] out = new double[probabilities.length][];
    for (int t = 0; t < probabilities.length; t++) {
      out[t] = new double[probabilities[t].length];
      for (int v = 0; v < out[t].length; v++) {
        out[t][v] = Math.log(probabilities[t][v]);
      }
    }
    return out;
  }

  @Test
  void addsUpTheAlignmentsOfOneTextWhereBestPathSeesOnlyOne() {
    // Best path is blank, blank (0.36): empty text. But "a" has a-a, a-blank, blank-a: 0.64.
    double[][] logProbs = log(new double[][] {{0.6, 0.4}, {0.6, 0.4}});
    assertArrayEquals(new int[] {1}, new CtcPrefixBeamSearch(BLANK, 4).search(logProbs));
  }

  @Test
  void aRepeatedLabelNeedsABlankBetween() {
    double[][] logProbs =
        log(
            new double[][] {
              {0.05, 0.9, 0.05}, {0.9, 0.05, 0.05}, {0.05, 0.9, 0.05}, {0.05, 0.9, 0.05}
            });
    assertArrayEquals(new int[] {1, 1}, new CtcPrefixBeamSearch(BLANK, 4).search(logProbs));
  }

  @Test
  void agreesWithBestPathWhenOneAlignmentDominates() {
    Random random = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int frames = 5 + random.nextInt(30);
      double[][] p = new double[frames][4];
      float[] logits = new float[frames * 4];
      for (int t = 0; t < frames; t++) {
        int winner = random.nextInt(4);
        for (int v = 0; v < 4; v++) {
          logits[t * 4 + v] = v == winner ? 12f : 0f;
        }
      }
      double[][] logProbs = LogSoftmax.rows(logits, frames, 4);
      int[] greedy =
          new CtcGreedyDecoder(BLANK)
              .decode(logits, frames, 4).stream().mapToInt(TokenSpan::token).toArray();
      assertArrayEquals(
          greedy, new CtcPrefixBeamSearch(BLANK, 8).search(logProbs), "trial " + trial);
    }
  }

  @Test
  void theAlignerGivesEachLabelItsFramesAndMeanPosterior() {
    double[][] logProbs =
        log(
            new double[][] {
              {0.8, 0.1, 0.1},
              {0.1, 0.8, 0.1},
              {0.1, 0.6, 0.3},
              {0.7, 0.2, 0.1},
              {0.1, 0.1, 0.8},
              {0.9, 0.05, 0.05}
            });
    List<TokenSpan> spans = new CtcAligner(BLANK).align(logProbs, new int[] {1, 2});
    assertEquals(List.of(1, 2), spans.stream().map(TokenSpan::token).toList());
    assertEquals(1, spans.get(0).firstFrame());
    assertEquals(3, spans.get(0).endFrame());
    assertEquals(0.7, spans.get(0).confidence(), 1e-9);
    assertEquals(4, spans.get(1).firstFrame());
    assertEquals(5, spans.get(1).endFrame());
    assertEquals(0.8, spans.get(1).confidence(), 1e-9);
  }

  @Test
  void theAlignerRefusesLabelsThatCannotFit() {
    double[][] logProbs = log(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
    // "a a" needs a blank between: three frames at least.
    assertThrows(
        IllegalArgumentException.class,
        () -> new CtcAligner(BLANK).align(logProbs, new int[] {1, 1}));
  }

  @Test
  void prefixScoresSumTheAlignmentsOfEveryTranscriptThatStartsWithThePrefix() {
    Random random = new Random(4);
    int frames = 5;
    int eos = 3;
    double[][] logProbs = new double[frames][4];
    for (double[] row : logProbs) {
      double a = random.nextDouble() + 0.1;
      double b = random.nextDouble() + 0.1;
      double c = random.nextDouble() + 0.1;
      row[0] = Math.log(a / (a + b + c));
      row[1] = Math.log(b / (a + b + c));
      row[2] = Math.log(c / (a + b + c));
      row[3] = Double.NEGATIVE_INFINITY;
    }
    Map<List<Integer>, Double> transcripts = new HashMap<>();
    int[] path = new int[frames];
    for (int n = 0; n < (int) Math.pow(3, frames); n++) {
      double p = 0;
      for (int t = 0, rest = n; t < frames; t++, rest /= 3) {
        path[t] = rest % 3;
        p += logProbs[t][path[t]];
      }
      List<Integer> labels = new ArrayList<>();
      for (int t = 0; t < frames; t++) {
        if (path[t] != BLANK && (t == 0 || path[t] != path[t - 1])) {
          labels.add(path[t]);
        }
      }
      transcripts.merge(labels, Math.exp(p), Double::sum);
    }
    CtcPrefixScorer scorer = new CtcPrefixScorer(logProbs, BLANK, eos);
    CtcPrefixScorer.State state = scorer.initial();
    List<Integer> prefix = new ArrayList<>();
    for (int label : new int[] {1, 1, 2}) {
      for (int candidate : new int[] {1, 2}) {
        List<Integer> longer = new ArrayList<>(prefix);
        longer.add(candidate);
        double expected =
            transcripts.entrySet().stream()
                .filter(
                    e ->
                        e.getKey().size() >= longer.size()
                            && e.getKey().subList(0, longer.size()).equals(longer))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        assertEquals(
            expected,
            Math.exp(scorer.extend(state, candidate).score()),
            1e-12,
            prefix + " + " + candidate);
      }
      assertEquals(
          transcripts.getOrDefault(prefix, 0.0),
          Math.exp(scorer.extend(state, eos).score()),
          1e-12,
          prefix + " as the whole transcript");
      state = scorer.extend(state, label).state();
      prefix.add(label);
    }
  }
}
