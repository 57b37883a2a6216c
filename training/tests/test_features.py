import numpy as np
import torch

from zora_recipe.features import (
    LogMel,
    LogMelConfig,
    SpecAugment,
    TimeStretch,
    hz_to_mel,
    logmel_numpy,
    mel_filterbank,
    mel_to_hz,
    vtlp_warp,
)


def test_torch_front_end_matches_the_float64_reference_the_server_is_checked_against():
    rng = np.random.default_rng(0)
    x = (0.1 * rng.standard_normal(8000)).astype(np.float32)
    for cfg in (LogMelConfig(), LogMelConfig(n_fft=512, win_length=320, hop_length=160)):
        ours = LogMel(cfg)(torch.from_numpy(x)[None])[0].numpy()
        reference = logmel_numpy(x, cfg)
        assert ours.shape == reference.shape
        assert np.max(np.abs(ours - reference)) < 1e-3


def test_frame_count_has_no_centre_padding():
    cfg = LogMelConfig()
    assert logmel_numpy(np.zeros(200), cfg).shape == (1, 40)
    assert logmel_numpy(np.zeros(279), cfg).shape == (1, 40)
    assert logmel_numpy(np.zeros(280), cfg).shape == (2, 40)
    assert logmel_numpy(np.zeros(8000), cfg).shape == (1 + (8000 - 200) // 80, 40)


def test_input_shorter_than_a_window_is_zero_padded_to_one_frame():
    cfg = LogMelConfig(normalize="none")
    short = np.full(50, 0.5)
    padded = np.concatenate([short, np.zeros(150)])
    np.testing.assert_allclose(logmel_numpy(short, cfg), logmel_numpy(padded, cfg))


def test_per_utterance_mean_leaves_every_mel_bin_centred():
    x = np.random.default_rng(1).standard_normal(4000)
    assert np.max(np.abs(logmel_numpy(x).mean(axis=0))) < 1e-9


def test_mel_scale_round_trips_and_filters_are_unit_peaked_triangles():
    f = np.array([0.0, 20.0, 1000.0, 4000.0])
    np.testing.assert_allclose(mel_to_hz(hz_to_mel(f)), f, atol=1e-9)
    assert abs(hz_to_mel(1000.0) - 999.9855) < 1e-3  # HTK: 1000 Hz is ~1000 mel
    fb = mel_filterbank(LogMelConfig())
    assert fb.shape == (129, 40)
    assert fb.min() >= 0
    assert np.all(fb.max(axis=0) > 0.5)  # no empty filter at this resolution
    assert np.all(fb.max(axis=0) <= 1.0)


def test_a_tone_lights_up_the_mel_bin_that_holds_its_frequency():
    cfg = LogMelConfig(normalize="none")
    t = np.arange(8000) / 8000
    features = logmel_numpy(np.sin(2 * np.pi * 1000 * t), cfg)
    edges = mel_to_hz(np.linspace(hz_to_mel(cfg.f_min), hz_to_mel(cfg.f_max), cfg.n_mels + 2))
    expected = int(np.argmin(np.abs(edges[1:-1] - 1000)))
    assert abs(int(features.mean(axis=0).argmax()) - expected) <= 1


def test_vtlp_scales_frequencies_below_its_knee_and_keeps_nyquist_in_place():
    nyquist = 4000.0
    f = np.array([0.0, 500.0, 1000.0, nyquist])
    for alpha in (0.9, 1.1):
        warped = vtlp_warp(f, alpha, nyquist)
        np.testing.assert_allclose(warped[:3], f[:3] * alpha)
        assert abs(warped[-1] - nyquist) < 1e-9
        grid = np.linspace(0, nyquist, 200)
        assert np.all(np.diff(vtlp_warp(grid, alpha, nyquist)) > 0)  # monotonic: no bins swap
    np.testing.assert_allclose(vtlp_warp(f, 1.0, nyquist), f)


def test_a_warped_front_end_moves_a_tone_up_the_mel_bins_and_a_warp_of_one_changes_nothing():
    cfg = LogMelConfig(normalize="none")
    t = np.arange(8000) / 8000
    x = torch.from_numpy(np.sin(2 * np.pi * 800 * t).astype(np.float32))[None]
    front_end = LogMel(cfg)
    plain = front_end(x)[0].mean(dim=0).argmax().item()
    assert torch.equal(front_end(x, 1.0), front_end(x))
    assert front_end(x, 1.1)[0].mean(dim=0).argmax().item() > plain
    assert front_end(x, 0.9)[0].mean(dim=0).argmax().item() < plain


def test_spec_augment_masks_bands_and_frames_to_the_mean_within_its_limits():
    augment = SpecAugment(freq_masks=2, max_freq_width=7, time_masks=2, max_time_fraction=0.05, max_time_width=10)
    features = torch.randn(300, 40) + 5.0  # no cell is 0 before masking
    for seed in range(50):
        masked = augment(features, np.random.default_rng(seed))
        zero = masked == 0
        assert torch.equal(masked[~zero], features[~zero])  # what is not masked is untouched
        bands = zero.all(dim=0)
        frames = zero.all(dim=1)
        assert int(bands.sum()) <= 14 and int(frames.sum()) <= 20
        assert torch.equal(zero, bands[None, :] | frames[:, None])  # only whole bands and whole frames
    a = augment(features, np.random.default_rng(7))
    assert torch.equal(a, augment(features, np.random.default_rng(7)))  # the rng decides it all


def test_spec_augment_leaves_a_tight_digit_its_word():
    digit = torch.randn(25, 40) + 5.0  # 0.5 s at the connected models' 20 ms hop
    for seed in range(50):
        masked = SpecAugment()(digit, np.random.default_rng(seed))
        assert int((masked == 0).all(dim=1).sum()) <= 2  # 5% of 25 frames, twice


def test_time_stretch_lengthens_within_its_limits_and_keeps_spectra_and_mean():
    rng = np.random.default_rng(0)
    features = torch.randn(40, 40)
    features -= features.mean(dim=0, keepdim=True)
    stretch = TimeStretch(share=1.0, max_factor=1.8, max_pieces=3)
    for seed in range(30):
        out = stretch(features, np.random.default_rng(seed))
        assert 39 <= out.shape[0] - 1 <= 39 * 1.8  # each piece 1 to 1.8 times as long
        assert torch.allclose(out.mean(dim=0), torch.zeros(40), atol=1e-5)  # the mean the server removes
    steady = torch.ones(30, 40) * torch.arange(40.0)  # one spectrum held: a stretch is the same spectrum
    out = TimeStretch(share=1.0)(steady, rng)
    assert out.shape[0] > 30 and torch.allclose(out, out[:1].expand_as(out))
    assert TimeStretch(share=0.0)(features, rng) is features


def test_time_stretch_with_one_piece_at_twice_is_interpolation_between_neighbours():
    features = torch.tensor([[0.0], [2.0], [4.0]])

    class Twice:
        def random(self):
            return 0.0

        def integers(self, low, high):
            return 1

        def uniform(self, low, high, size=None):
            return np.full(size, 2.0) if size is not None else 2.0
    out = TimeStretch(share=1.0, max_factor=2.0, max_pieces=1)(features, Twice())
    assert torch.allclose(out[:, 0], torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0]))  # its mean is the input's, 2
