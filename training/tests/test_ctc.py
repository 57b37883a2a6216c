"""CTC prefix beam search and prefix scores against brute force over every alignment."""
import itertools

import numpy as np

from zora_recipe.ctc import PrefixScorer, prefix_beam_search

BLANK, EOS = 0, 3  # labels 1 and 2; EOS is only ever scored, never in an alignment


def collapse(path):
    out = []
    for j, v in enumerate(path):
        if v != BLANK and (j == 0 or v != path[j - 1]):
            out.append(v)
    return tuple(out)


def random_log_probs(frames, rng):
    p = rng.dirichlet(np.ones(3), size=frames)  # over blank, 1, 2
    full = np.full((frames, 4), -np.inf)
    full[:, :3] = np.log(p)
    return full


def transcript_probabilities(log_probs):
    """Every transcript's probability, summed over all alignments."""
    totals = {}
    for path in itertools.product(range(3), repeat=len(log_probs)):
        p = np.exp(sum(log_probs[t, v] for t, v in enumerate(path)))
        totals[collapse(path)] = totals.get(collapse(path), 0.0) + p
    return totals


def test_prefix_scores_sum_the_alignments_of_every_transcript_that_starts_with_the_prefix():
    rng = np.random.default_rng(4)
    log_probs = random_log_probs(5, rng)
    totals = transcript_probabilities(log_probs)
    scorer = PrefixScorer(log_probs, BLANK, EOS)
    state = scorer.initial()
    prefix = ()
    for label in (1, 1, 2):
        psi, states = scorer.extend(state, [1, 2, EOS])
        expected = [sum(p for t, p in totals.items() if t[:len(prefix) + 1] == prefix + (c,)) for c in (1, 2)]
        np.testing.assert_allclose(np.exp(psi[:2]), expected, rtol=1e-9)
        np.testing.assert_allclose(np.exp(psi[2]), totals.get(prefix, 0.0), rtol=1e-9)  # <eos>: exactly the prefix
        state = states[[1, 2].index(label)]
        prefix += (label,)


def test_prefix_beam_search_with_a_wide_beam_finds_the_most_probable_transcript():
    rng = np.random.default_rng(9)
    for _ in range(5):
        log_probs = random_log_probs(6, rng)
        totals = transcript_probabilities(log_probs)
        best = max(totals.items(), key=lambda kv: kv[1])[0]
        assert tuple(prefix_beam_search(log_probs[:, :3], width=64, blank=BLANK)) == best
