import argparse
import json

import numpy as np
import pytest
import torch

from zora_recipe import checkpoint
from zora_recipe.data import SLOWED_TEMPO, Corpus
from zora_recipe.run_report import report
from zora_recipe.strings import fsdd_speaker, speaker_sets, training_recordings
from zora_recipe.train_transformer import learning_rate, noam, train
from zora_recipe.transformer import SpeechTransformer


def test_a_pitch_twin_belongs_to_the_speaker_it_was_made_from():
    assert fsdd_speaker("jackson") == "jackson"
    assert fsdd_speaker("jackson+250") == "jackson"
    assert fsdd_speaker("yweweler-400") == "yweweler"


def test_leaving_a_speaker_out_drops_their_recordings_and_pitch_twins(fake_fsdd, tmp_path):
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    everyone = training_recordings(corpus)
    without_ann = training_recordings(corpus, without_speaker="ann")
    assert {fsdd_speaker(c.speaker) for c in everyone} == {"ann", "bob"}
    assert {fsdd_speaker(c.speaker) for c in without_ann} == {"bob"}
    assert any(c.speaker != "bob" for c in without_ann)  # bob's pitch twins stay
    assert len(without_ann) == len(everyone) // 2


def test_a_held_out_speaker_is_scored_on_all_their_recordings_and_strings_of_them(fake_fsdd, tmp_path):
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    sets = speaker_sets(corpus, "ann", strings=5)
    isolated, strings = sets["held_out_speaker_isolated_tight"], sets["held_out_speaker_strings"]
    assert len(isolated) == 10 * 8 and {c.speaker for c in isolated} == {"ann"}  # file index 5-12
    assert len(strings) == 5 and {c.speaker for c in strings} == {""}
    assert all(1 <= len(c.words) <= 10 and np.isfinite(c.samples).all() for c in strings)


def test_the_run_report_has_a_column_per_run_and_the_mean_and_spread(tmp_path):
    bundles = []
    for speaker, wer in (("ann", 0.10), ("bob", 0.30)):
        bundle = tmp_path / speaker
        bundle.mkdir()
        (bundle / "zora.json").write_text(json.dumps({
            "training": {"seed": 1234, "heldOutSpeaker": speaker},
            "metrics": {"held_out_speaker_strings_wer_greedy": wer, "validation_words": 900}}))
        bundles.append(bundle)
    lines = report(bundles).splitlines()
    assert lines[0] == "| metric | ann | bob | mean | spread |"
    assert lines[2] == "| held_out_speaker_strings_wer_greedy | 10.0% | 30.0% | 20.0% | 20.0 |"
    assert len(lines) == 3  # counts are not rates


def test_a_run_resumes_only_with_the_options_it_was_trained_with(tmp_path):
    model = SpeechTransformer()
    checkpoint.save(tmp_path / "checkpoint.pt", model=model.state_dict(),
                    optimiser=torch.optim.AdamW(model.parameters()).state_dict(), step=50, continued_from=None,
                    settings={"vtlp": True, "held_out_speaker": None})
    args = argparse.Namespace(seed=1, threads=1, device="cpu", fsdd=tmp_path / "fsdd", cache=tmp_path / "cache",
                              lr=1e-3, run=tmp_path, init_bundle=None, no_vtlp=True, hold_out_speaker=None,
                              spec_augment=False, vtlp_max=1.1, no_accented=False, long_strings=False, no_slowed=False, time_stretch=False,
                              anneal_steps=0,
                              export_only=True)
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.no_vtlp = False
    args.spec_augment = True  # masks it was not trained with
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.spec_augment = False
    args.vtlp_max = 1.25  # a warp range it was not trained with
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.vtlp_max = 1.1
    args.no_accented = True  # a mix it was not trained with
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.no_accented = False
    args.no_slowed = True  # nor without the slowed recordings it was trained with
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.no_slowed = False
    args.time_stretch = True  # nor with stretches it was not trained with
    with pytest.raises(SystemExit, match="was trained with"):
        train(args)
    args.time_stretch = False
    _, _, training = train(args)
    assert training == {"steps": 50, "seed": 1, "vtlp": True, "slowedRecordingsTempo": list(SLOWED_TEMPO)}


def test_an_annealed_run_follows_noam_until_its_last_steps_then_falls_linearly_to_nearly_zero():
    args = argparse.Namespace(warmup=400, lr=1e-3, steps=20_600, anneal_steps=1000)
    assert learning_rate(19_600, args) == pytest.approx(noam(19_600, 400, 1e-3))
    assert learning_rate(19_601, args) == pytest.approx(noam(19_601, 400, 1e-3))
    assert learning_rate(20_101, args) == pytest.approx(noam(20_101, 400, 1e-3) * 0.5)
    assert learning_rate(20_600, args) == pytest.approx(noam(20_600, 400, 1e-3) / 1000)
    args.anneal_steps = 0
    assert learning_rate(20_600, args) == noam(20_600, 400, 1e-3)
