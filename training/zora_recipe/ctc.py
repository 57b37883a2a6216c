"""CTC decoding beyond best path: prefix beam search, and the prefix scores that joint CTC/attention
decoding adds to a sequence-to-sequence beam search (Watanabe et al. 2017, "Hybrid CTC/Attention
Architecture for End-to-End Speech Recognition"). The Java server implements the same algorithms
(dev.zora.decode.CtcPrefixBeamSearch and CtcPrefixScorer); tests/test_ctc.py pins them down."""
import numpy as np

NEG_INF = -np.inf


def prefix_beam_search(log_probs: np.ndarray, width: int, blank: int):
    """log_probs [T, V] -> the most probable label sequence, summing over the alignments of each
    prefix (Hannun et al. 2014). Ties go to the shorter prefix, then the earlier found."""
    beams = {(): (0.0, NEG_INF)}  # prefix -> (log P ending in blank, log P ending in its last label)
    for frame in log_probs:
        nxt = {}

        def add(prefix, blank_ending=NEG_INF, label_ending=NEG_INF, into=nxt):
            b, n = into.get(prefix, (NEG_INF, NEG_INF))
            into[prefix] = (np.logaddexp(b, blank_ending), np.logaddexp(n, label_ending))

        for prefix, (b, n) in beams.items():
            total = np.logaddexp(b, n)
            last = prefix[-1] if prefix else None
            for v, p in enumerate(frame):
                p = float(p)
                if v == blank:
                    add(prefix, blank_ending=total + p)
                elif v == last:
                    add(prefix, label_ending=n + p)
                    add(prefix + (v,), label_ending=b + p)
                else:
                    add(prefix + (v,), label_ending=total + p)
        ranked = sorted(nxt.items(), key=lambda kv: -np.logaddexp(*kv[1]))
        beams = dict(ranked[:width])
    best = max(beams.items(), key=lambda kv: (np.logaddexp(*kv[1]), -len(kv[0])))
    return list(best[0])


class PrefixScorer:
    """CTC prefix scores of one utterance: log P(the labels so far are a prefix of the transcript),
    summed over alignments, for every candidate next label at once."""

    def __init__(self, log_probs: np.ndarray, blank: int, eos: int):
        self.x = log_probs.astype(np.float64)  # [T, V]
        self.blank, self.eos = blank, eos

    def initial(self):
        """The state of the empty prefix: r_n (alignments ending in a label) and r_b (in a blank)."""
        r_b = np.cumsum(self.x[:, self.blank])
        return np.full_like(r_b, NEG_INF), r_b, None

    def extend(self, state, candidates):
        """state of prefix g, candidate labels c -> (psi [C], states of g+c). psi of <eos> is the
        probability of g being the whole transcript."""
        r_n_prev, r_b_prev, last = state
        frames = self.x.shape[0]
        c = np.asarray(candidates)
        x_c = self.x[:, c]  # [T, C]
        r_sum = np.logaddexp(r_n_prev, r_b_prev)
        phi = np.repeat(r_sum[:, None], len(c), axis=1)
        if last is not None:
            phi[:, c == last] = r_b_prev[:, None]  # a repeat needs a blank in between
        r_n = np.full((frames, len(c)), NEG_INF)
        r_b = np.full((frames, len(c)), NEG_INF)
        if last is None:
            r_n[0] = x_c[0]
        psi = r_n[0].copy()
        for t in range(1, frames):
            r_n[t] = np.logaddexp(r_n[t - 1], phi[t - 1]) + x_c[t]
            r_b[t] = np.logaddexp(r_n[t - 1], r_b[t - 1]) + self.x[t, self.blank]
            psi = np.logaddexp(psi, phi[t - 1] + x_c[t])
        psi[c == self.eos] = r_sum[-1]
        states = [(r_n[:, i], r_b[:, i], int(label)) for i, label in enumerate(c)]
        return psi, states
