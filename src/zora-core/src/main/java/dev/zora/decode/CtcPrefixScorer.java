package dev.zora.decode;

import java.util.Arrays;

/**
 * CTC prefix scores of one utterance, for joint CTC/attention beam search (Watanabe et al. 2017):
 * the log-probability, summed over all alignments of the encoder's CTC output, that a hypothesis'
 * labels begin the transcript. Tracked per hypothesis as forward variables over the frames, so
 * extending a hypothesis by one label costs one pass over the frames.
 *
 * <p>A port of the recipe's {@code PrefixScorer} (training/zora_recipe/ctc.py), in the same order
 * of operations, so that joint decoding picks the transcripts the model card measured.
 */
public final class CtcPrefixScorer {
  private final double[][] logProbs;
  private final int blank;
  private final int eos;

  /** The forward variables of one prefix: alignments ending in a label, or in a blank. */
  public static final class State {
    private final double[] labelEnding;
    private final double[] blankEnding;
    private final int last; // the prefix's last label; -1 for the empty prefix

    private State(double[] labelEnding, double[] blankEnding, int last) {
      this.labelEnding = labelEnding;
      this.blankEnding = blankEnding;
      this.last = last;
    }
  }

  /**
   * @param logProbs {@code [frames][vocabulary]} log-probabilities of the CTC head
   */
  public CtcPrefixScorer(double[][] logProbs, int blank, int eos) {
    if (logProbs.length == 0) {
      throw new IllegalArgumentException("no CTC frames");
    }
    this.logProbs = logProbs;
    this.blank = blank;
    this.eos = eos;
  }

  /** The state of the empty prefix (only {@code <sos>}). */
  public State initial() {
    double[] blankEnding = new double[logProbs.length];
    double sum = 0;
    for (int t = 0; t < logProbs.length; t++) {
      sum += logProbs[t][blank];
      blankEnding[t] = sum;
    }
    double[] labelEnding = new double[logProbs.length];
    Arrays.fill(labelEnding, Double.NEGATIVE_INFINITY);
    return new State(labelEnding, blankEnding, -1);
  }

  /** A prefix extended by one label: its score and its state. */
  public record Extension(double score, State state) {}

  /**
   * The prefix extended by {@code label}. Its score is the prefix score of the longer prefix; for
   * {@code <eos>}, the probability that the prefix is the whole transcript.
   */
  public Extension extend(State state, int label) {
    int frames = logProbs.length;
    double[] labelEnding = new double[frames];
    double[] blankEnding = new double[frames];
    double[] total = new double[frames];
    for (int t = 0; t < frames; t++) {
      total[t] = CtcPrefixBeamSearch.logAdd(state.labelEnding[t], state.blankEnding[t]);
    }
    if (label == eos) {
      return new Extension(total[frames - 1], state);
    }
    // A repeated label needs a blank between: only alignments of the prefix ending in a blank
    // count.
    double[] phi = label == state.last ? state.blankEnding : total;
    labelEnding[0] = state.last < 0 ? logProbs[0][label] : Double.NEGATIVE_INFINITY;
    blankEnding[0] = Double.NEGATIVE_INFINITY;
    double psi = labelEnding[0];
    for (int t = 1; t < frames; t++) {
      labelEnding[t] =
          CtcPrefixBeamSearch.logAdd(labelEnding[t - 1], phi[t - 1]) + logProbs[t][label];
      blankEnding[t] =
          CtcPrefixBeamSearch.logAdd(labelEnding[t - 1], blankEnding[t - 1]) + logProbs[t][blank];
      psi = CtcPrefixBeamSearch.logAdd(psi, phi[t - 1] + logProbs[t][label]);
    }
    return new Extension(psi, new State(labelEnding, blankEnding, label));
  }
}
