package dev.zora.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over an autoregressive decoder, as a pure algorithm: the model is hidden behind a
 * {@link Step} that scores the next token of several prefixes at once.
 *
 * <p>It reproduces the training recipe's {@code beam_search} (training/zora_recipe/
 * train_transformer.py) step for step, so that Zora's transcripts equal the ones the model card
 * measured: a hypothesis' score is its summed token log-probability; each step, every live
 * hypothesis proposes its {@code width} most probable next tokens, all proposals are ranked by
 * score (a stable sort: ties keep hypothesis order, then token order), the best {@code width} are
 * kept, and those that end in {@code <eos>} stop. After {@code maxTokens} steps, or when none is
 * live, the answer is the finished or live hypothesis with the highest {@code score / length^a};
 * the first one wins a tie.
 *
 * <p>It stops early, with the same answer, once a finished hypothesis beats all that the live ones
 * could still become: scores never rise as tokens are added (every term is a log-probability), so
 * no descendant of a live hypothesis scoring {@code s <= 0} ends above {@code s / maxTokens^a}.
 * Without this, the live hypotheses of a short clip run on to {@code maxTokens}.
 *
 * <p>With a {@link CtcPrefixScorer} (joint CTC/attention decoding), a hypothesis' score is {@code
 * (1 - ctcWeight) * attention + ctcWeight * ctcPrefixScore}, and each live hypothesis proposes its
 * {@code width + 2} most probable next tokens (the CTC score may promote one the decoder ranked
 * lower), as the recipe does.
 */
public final class BeamSearch {
  private final BeamSearchOptions options;
  private final int sos;
  private final int eos;

  public BeamSearch(BeamSearchOptions options, int sos, int eos) {
    this.options = options;
    this.sos = sos;
    this.eos = eos;
  }

  /** The decoder, one step for several prefixes at once. */
  @FunctionalInterface
  public interface Step {
    /**
     * @param prefixes token ids, each starting with {@code <sos>}, all of the same length
     * @return for each prefix, in order, the log-probability of every vocabulary entry as its next
     *     token
     */
    double[][] nextLogProbs(List<int[]> prefixes);
  }

  /**
   * A hypothesis the search returns.
   *
   * @param tokens the token ids after {@code <sos>}, ending with {@code <eos>} when it finished
   * @param logProbs the log-probability of each token when it was chosen
   */
  public record Hypothesis(int[] tokens, double[] logProbs) {
    public Hypothesis {
      tokens = tokens.clone();
      logProbs = logProbs.clone();
    }

    @Override
    public int[] tokens() {
      return tokens.clone();
    }

    @Override
    public double[] logProbs() {
      return logProbs.clone();
    }

    /** The summed log-probability. */
    public double score() {
      return Arrays.stream(logProbs).sum();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Hypothesis h
          && Arrays.equals(tokens, h.tokens)
          && Arrays.equals(logProbs, h.logProbs);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(logProbs);
    }

    @Override
    public String toString() {
      return "Hypothesis" + Arrays.toString(tokens) + " score " + score();
    }
  }

  /**
   * A prefix (with {@code <sos>}), the log-probability of each token after it, their sum, with
   * joint decoding its CTC prefix state, and the score the search ranks by.
   */
  private record Beam(
      int[] prefix,
      double[] logProbs,
      double attention,
      CtcPrefixScorer.State ctcState,
      double score) {
    Beam extend(int token, double logProb) {
      // Accumulated one token at a time, in the recipe's order, so that sums (and ties) are the
      // same.
      double nextAttention = attention + logProb;
      return new Beam(longer(token), longerLogProbs(logProb), nextAttention, null, nextAttention);
    }

    Beam extendJointly(
        int token, double logProb, CtcPrefixScorer.Extension ctcExtension, double ctcWeight) {
      double nextAttention = attention + logProb;
      return new Beam(
          longer(token),
          longerLogProbs(logProb),
          nextAttention,
          ctcExtension.state(),
          (1 - ctcWeight) * nextAttention + ctcWeight * ctcExtension.score());
    }

    private int[] longer(int token) {
      int[] next = Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = token;
      return next;
    }

    private double[] longerLogProbs(double logProb) {
      double[] next = Arrays.copyOf(logProbs, logProbs.length + 1);
      next[logProbs.length] = logProb;
      return next;
    }

    Hypothesis hypothesis() {
      return new Hypothesis(Arrays.copyOfRange(prefix, 1, prefix.length), logProbs);
    }
  }

  /** Attention-only beam search. */
  public Hypothesis search(Step step) {
    return search(step, null, 0);
  }

  /** Joint CTC/attention beam search; {@code ctcWeight} in (0, 1). */
  public Hypothesis search(Step step, CtcPrefixScorer ctc, double ctcWeight) {
    CtcPrefixScorer.State initial = ctc == null ? null : ctc.initial();
    List<Beam> live = List.of(new Beam(new int[] {sos}, new double[0], 0, initial, 0));
    List<Beam> finished = new ArrayList<>();
    for (int t = 0; t < options.maxTokens() && !live.isEmpty(); t++) {
      double[][] logProbs = step.nextLogProbs(live.stream().map(Beam::prefix).toList());
      if (logProbs.length != live.size()) {
        throw new IllegalStateException(
            "the step scored " + logProbs.length + " prefixes, expected " + live.size());
      }
      List<Beam> candidates = new ArrayList<>();
      for (int b = 0; b < live.size(); b++) {
        Beam beam = live.get(b);
        if (ctc == null) {
          for (int token : topIndices(logProbs[b], options.width())) {
            candidates.add(beam.extend(token, logProbs[b][token]));
          }
        } else {
          for (int token : topIndices(logProbs[b], options.width() + 2)) {
            candidates.add(
                beam.extendJointly(
                    token, logProbs[b][token], ctc.extend(beam.ctcState(), token), ctcWeight));
          }
        }
      }
      candidates.sort(Comparator.comparingDouble(Beam::score).reversed());
      List<Beam> next = new ArrayList<>();
      for (Beam candidate : candidates.subList(0, Math.min(options.width(), candidates.size()))) {
        (candidate.prefix()[candidate.prefix().length - 1] == eos ? finished : next).add(candidate);
      }
      live = next;
      if (!finished.isEmpty() && bestNormalised(finished) > bestReachable(live)) {
        live = List.of();
      }
    }
    finished.addAll(live);
    Beam best = finished.get(0);
    for (Beam beam : finished) {
      if (normalised(beam) > normalised(best)) {
        best = beam;
      }
    }
    return best.hypothesis();
  }

  private double normalised(Beam beam) {
    return beam.score() / Math.pow(beam.logProbs().length, options.lengthNormalization());
  }

  private double bestNormalised(List<Beam> beams) {
    return beams.stream().mapToDouble(this::normalised).max().orElse(Double.NEGATIVE_INFINITY);
  }

  /** The highest normalised score any descendant of these beams could reach. */
  private double bestReachable(List<Beam> beams) {
    double longest = Math.pow(options.maxTokens(), options.lengthNormalization());
    return beams.stream()
        .mapToDouble(beam -> beam.score() / longest)
        .max()
        .orElse(Double.NEGATIVE_INFINITY);
  }

  /**
   * The indices of the {@code k} largest values, largest first; of equal values the lower index
   * first.
   */
  static int[] topIndices(double[] values, int k) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
    int[] top = new int[Math.min(k, values.length)];
    for (int i = 0; i < top.length; i++) {
      top[i] = order[i];
    }
    return top;
  }
}
