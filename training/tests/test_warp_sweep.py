import numpy as np
import pytest
import torch

from zora_recipe.data import Clip
from zora_recipe.features import LogMel
from zora_recipe.train_transformer import CFG, JOINT_CTC_WEIGHT, word_error_rate
from zora_recipe.transformer import SpeechTransformer
from zora_recipe.warp_sweep import Decoded, best_scored, decode_at_warps, sweep_row


def test_the_unwarped_column_is_the_word_error_rate_the_recipe_reports_and_a_pick_takes_the_best_score():
    torch.manual_seed(0)
    model = SpeechTransformer(d_model=32, heads=2, d_ff=64, encoder_layers=2, decoder_layers=1).eval()
    frontend = LogMel(CFG)
    rng = np.random.default_rng(0)
    clips = [Clip((0.1 * rng.standard_normal(n)).astype(np.float32), words, "noise")
             for n, words in ((6000, ("one", "two")), (9000, ("three",)), (4000, ("oh", "five", "five")))]
    warps = [0.9, 1.0, 1.1]
    per_clip = [decode_at_warps(model, frontend, c, warps) for c in clips]
    words = sum(len(c.words) for c in clips)

    _, at_1, _, picked = sweep_row(per_clip, words, warps, {"best": lambda d: best_scored(d, warps)})

    assert at_1 == pytest.approx(100 * word_error_rate(model, frontend, clips, width=4, ctc_weight=JOINT_CTC_WEIGHT))
    expected = sum(max(d.values(), key=lambda x: (x.ended, x.score)).errors for d in per_clip)
    assert picked == pytest.approx(100 * expected / words)


def test_a_decoding_cut_off_at_the_length_limit_never_wins_over_one_that_ended():
    decoded = {0.9: Decoded(errors=9, score=-0.05, ended=False),  # cut off: its score lacks <eos>'s cost
               1.0: Decoded(errors=0, score=-0.20, ended=True),
               1.1: Decoded(errors=1, score=-0.30, ended=True)}
    assert best_scored(decoded, [0.9, 1.0, 1.1]) is decoded[1.0]
    assert best_scored(decoded, [0.9]) is decoded[0.9]
