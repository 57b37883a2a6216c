import numpy as np
import pytest

from zora_recipe import audio, train_cnn
from zora_recipe.data import DIGIT_WORDS, Clip, Corpus, digit_string_words, fsdd_split
from zora_recipe.strings import StringBuilder


def test_validation_split_is_file_index_5_to_9_and_disjoint_from_training(fake_fsdd):
    validation = fsdd_split(fake_fsdd, validation=True)
    training = fsdd_split(fake_fsdd, validation=False)
    assert {f[3] for f in validation} == {5, 6, 7, 8, 9}
    assert {f[3] for f in training} == {10, 11, 12}
    assert not {f[0] for f in validation} & {f[0] for f in training}


def test_cached_clips_round_trip_through_the_cache(fake_fsdd, tmp_path):
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    first = corpus.fsdd_validation()
    again = Corpus(fake_fsdd, tmp_path / "cache").fsdd_validation()
    assert (tmp_path / "cache" / "fsdd_validation.npz").exists()
    assert [c.words for c in first] == [c.words for c in again]
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a.samples, b.samples)


def test_strings_join_one_speakers_digits_in_the_order_of_their_words(fake_fsdd, tmp_path):
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    builder = StringBuilder(corpus.fsdd_train())
    rng = np.random.default_rng(3)
    lengths = set()
    for _ in range(50):
        clip = builder.build(rng)
        lengths.add(len(clip.words))
        assert 1 <= len(clip.words) <= 10
        # Each digit is a 0.3 s tone, separated by gaps: the string is at least that long.
        assert len(clip.samples) >= len(clip.words) * 2400
    assert len(lengths) > 5


def test_digit_strings_say_oh_for_zero_sometimes():
    rng = np.random.default_rng(0)
    words = [w for _ in range(200) for w in digit_string_words(rng)]
    assert "oh" in words and "zero" in words


def test_noise_is_added_at_the_requested_snr():
    rng = np.random.default_rng(0)
    x = np.sin(np.linspace(0, 2000, 16000)).astype(np.float32)
    noisy = audio.add_noise(x, 10.0, rng, "white", reference="whole")
    snr = 20 * np.log10(audio.rms(x) / audio.rms(noisy - x))
    assert abs(snr - 10.0) < 0.1


def test_resampling_keeps_duration_and_a_tone_below_nyquist():
    t = np.arange(22050) / 22050
    x = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    y = audio.resample(x, 22050, 8000)
    assert len(y) == 8000
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) - 440) <= 1  # 1 Hz bins over one second


def test_augmentation_keeps_samples_in_range_and_changes_them():
    rng = np.random.default_rng(5)
    x = (0.5 * np.sin(np.linspace(0, 500, 8000))).astype(np.float32)
    for _ in range(20):
        y = audio.augment(x, rng)
        assert np.max(np.abs(y)) <= 1.0
        assert y.dtype == np.float32
        assert not np.array_equal(y[:len(x)], x[:len(y)])


def test_word_errors_count_substitutions_insertions_and_deletions():
    from zora_recipe.wer import edit_distance
    assert edit_distance("one two three".split(), "one two three".split()) == 0
    assert edit_distance("one two three".split(), "one too three".split()) == 1
    assert edit_distance("nine nine".split(), ["nine"]) == 1
    assert edit_distance([], "four oh".split()) == 2


def test_noise_colours_are_alike_by_default_and_white_takes_its_share_when_asked():
    rng = np.random.default_rng(0)
    alike = [audio.noise_colour(rng) for _ in range(3000)]
    weighted = [audio.noise_colour(rng, white_share=0.5) for _ in range(3000)]
    for colour in ("white", "pink", "brown"):
        assert abs(alike.count(colour) / 3000 - 1 / 3) < 0.03
    assert abs(weighted.count("white") / 3000 - 0.5) < 0.03
    assert abs(weighted.count("pink") / 3000 - 0.25) < 0.03


def test_cnn_training_set_counts_real_recordings_twice_and_short_ones_more_often():
    def clips(n, length, word="one"):
        return [Clip(np.zeros(length, np.float32), (word,), "s") for _ in range(n)]

    class FourSources:
        def fsdd_train(self):
            return clips(3, 4000) + clips(2, train_cnn.SHORT_CLIP - 1, "two")

        def fsdd_train_pitched(self):
            return clips(5, 4000)

        def espeak_digits(self):
            return clips(7, 4000)

        def espeak_unknown(self):
            return clips(4, 4000, "cat")

    training_set = train_cnn.CnnTrainingSet(FourSources(), (0.0, 35.0))
    real, short = 5, 2
    assert len(training_set.digits) == (real + 5 + 7 + short * train_cnn.SHORT_EXTRA_REPEATS
                                        + real * (train_cnn.REAL_REPEATS - 1))
    twos = sum(1 for _, label in training_set.digits if label == 2)
    assert twos == short * (train_cnn.REAL_REPEATS + train_cnn.SHORT_EXTRA_REPEATS)
    assert len(training_set.unknown) == 4


def test_non_speech_events_are_finite_bounded_and_of_every_kind():
    from zora_recipe import events
    rng = np.random.default_rng(0)
    for kind in events.KINDS:
        for _ in range(20):
            e = events.event(rng, kind)
            assert 0.04 * 8000 <= len(e) <= 0.81 * 8000
            assert np.all(np.isfinite(e)) and np.max(np.abs(e)) <= 1.0 + 1e-6


def test_random_edges_crop_tight_sometimes_and_give_every_side_the_servers_context():
    from zora_recipe.strings import random_edges
    rng = np.random.default_rng(1)
    word = np.concatenate([np.zeros(800), 0.5 * np.ones(4000), np.zeros(800)]).astype(np.float32)
    edged = [random_edges(rng, word) for _ in range(300)]
    kept = [int(np.sum(e == 0.5)) for e in edged]
    assert min(kept) < 4000, "some crops cut into the sound"
    assert 4000 in kept, "some keep all of it"
    assert all(np.sum(e[:800] == 0.5) == 0 and np.sum(e[-800:] == 0.5) == 0 for e in edged), \
        "every side has at least 0.1 s before the sound, as the server gives it"
    assert max(len(e) for e in edged) <= 4000 + 2 * 4000
    # A clip tight on both sides whose quietest 20 ms is near its level gets noise, as the server
    # pads it; one with silence at an edge gets silence.
    assert any(np.std(e[:400]) > 0.3 for e in edged) and any(np.all(e[:400] == 0) for e in edged)


def test_as_served_pads_a_quiet_clip_with_silence_and_a_noisy_one_with_its_noise():
    from zora_recipe.strings import as_served
    rng = np.random.default_rng(4)
    tone = np.sin(np.arange(4000) * 0.3).astype(np.float32)
    quiet = np.concatenate([np.zeros(400, np.float32), tone])
    noisy = np.concatenate([np.zeros(1000), tone[:2000], np.zeros(1000)]).astype(np.float32)
    noisy += 0.3 * rng.standard_normal(4000).astype(np.float32)
    served_quiet, served_noisy = as_served([Clip(quiet, ("one",), ""), Clip(noisy, ("one",), "")], rng)
    assert len(served_quiet.samples) == len(quiet) + 2 * 2000
    assert np.all(served_quiet.samples[:2000] == 0)
    assert 0.2 < np.std(served_noisy.samples[:2000]) < 0.4


@pytest.fixture
def string_corpus(fake_fsdd, tmp_path, monkeypatch):
    """A corpus whose synthetic strings are its FSDD recordings and which has no pitch twins, so the
    training mix can be drawn without the synthesisers."""
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    for synthetic in ("espeak_strings", "synthesised_strings", "accented_strings"):
        monkeypatch.setattr(Corpus, synthetic, lambda self: corpus.fsdd_train())
    monkeypatch.setattr(Corpus, "fsdd_train_pitched", lambda self: [])
    monkeypatch.setattr(Corpus, "fsdd_train_slowed", lambda self: [])
    return corpus


def test_slowed_twins_are_longer_keep_their_pitch_and_belong_to_their_speaker(fake_fsdd, tmp_path):
    from zora_recipe.data import SLOWED_TEMPO
    from zora_recipe.strings import fsdd_speaker, training_recordings
    corpus = Corpus(fake_fsdd, tmp_path / "cache")
    originals, slowed = corpus.fsdd_train(), corpus.fsdd_train_slowed()
    assert len(slowed) == len(originals)
    for original, twin in zip(originals, slowed, strict=True):
        assert twin.words == original.words and twin.speaker == original.speaker + "~slow"
        stretch = len(twin.samples) / len(original.samples)
        assert 1 / SLOWED_TEMPO[1] - 0.05 < stretch < 1 / SLOWED_TEMPO[0] + 0.05
        # the tone (the fake speaker's pitch) stays where it was
        peak_hz = lambda x: np.argmax(np.abs(np.fft.rfft(x))) * 8000 / len(x)  # noqa: E731
        assert abs(peak_hz(twin.samples) - peak_hz(original.samples)) < 20
    assert fsdd_speaker("ann~slow") == "ann" and fsdd_speaker("ann+250") == "ann"
    without_ann = training_recordings(corpus, without_speaker="ann")
    assert without_ann and all(fsdd_speaker(c.speaker) == "bob" for c in without_ann)
    assert any(c.speaker == "bob~slow" for c in without_ann)
    assert not any(c.speaker.endswith("~slow") for c in training_recordings(corpus, slowed=False))


def test_the_training_mix_has_empty_transcripts_singles_and_strings(string_corpus):
    from zora_recipe import strings
    training = strings.StringTrainingSet(string_corpus)
    rng = np.random.default_rng(2)
    drawn = [training.draw(rng) for _ in range(300)]
    counts = {len(c.words) for c in drawn}
    assert 0 in counts and 1 in counts and max(counts) > 3
    for clip in drawn:
        assert np.all(np.isfinite(clip.samples)) and np.max(np.abs(clip.samples)) <= 1.0
        if not clip.words:
            assert len(clip.samples) >= 0.3 * 8000 - 1


def test_without_the_accented_voices_their_share_goes_back_to_espeak(string_corpus, monkeypatch):
    from zora_recipe import strings
    mix = strings.training_mix(accented=False)
    assert "accented" not in mix and sum(mix.values()) == pytest.approx(sum(strings.MIX.values()))
    assert mix["espeak"] == pytest.approx(strings.MIX["espeak"] + strings.MIX["accented"])
    monkeypatch.setattr(Corpus, "accented_strings", lambda self: pytest.fail("the accented voices were read"))
    training = strings.StringTrainingSet(string_corpus, accented=False)
    rng = np.random.default_rng(4)
    assert all(np.all(np.isfinite(training.draw(rng).samples)) for _ in range(200))


def test_the_vocal_tract_length_warps_are_drawn_from_the_range_given(string_corpus):
    from zora_recipe import strings
    for warp_range in (strings.VTLP_RANGE, (0.9, 1.25)):
        training = strings.StringTrainingSet(string_corpus, vtlp_range=warp_range)
        rng = np.random.default_rng(3)
        warps = [c.warp for c in (training.draw(rng) for _ in range(300)) if c.warp != 1.0]
        assert warps and min(warps) >= warp_range[0] and max(warps) <= warp_range[1]
        assert max(warps) > warp_range[1] - 0.05  # the whole range is used


def test_trim_cuts_a_synthesisers_padding_and_keeps_a_weak_onset():
    from zora_recipe.strings import trim
    rng = np.random.default_rng(3)
    padding = 10 ** (-60 / 20) * rng.standard_normal(800)  # a synthesiser's floor, 60 dB down
    fricative = 10 ** (-38 / 20) * rng.uniform(-1, 1, 600)  # the /f/ of "four", 38 dB down
    vowel = np.sin(np.arange(2400) * 0.3)
    clip = np.concatenate([padding, fricative, vowel, fricative, padding]).astype(np.float32)
    trimmed = trim(clip)
    assert len(trimmed) >= len(vowel) + 2 * 590, "the weak consonants stay"
    assert len(trimmed) <= len(vowel) + 2 * 600, "the padding goes"


def test_an_accented_voice_reads_the_digits_in_its_own_spelling():
    from zora_recipe.data import RESPELLINGS, spoken_text

    class NoPauses:
        @staticmethod
        def random():
            return 1.0
    words = ["four", "oh", "seven"]
    assert spoken_text(words, None, NoPauses) == "four oh seven"
    assert spoken_text(words, "kal_diphone", NoPauses) == "four oh seven"
    assert spoken_text(words, "suo_fi_lj_diphone", NoPauses) == "foor ou seven"
    for spelling in RESPELLINGS.values():
        assert set(spelling) == set(DIGIT_WORDS) | {"oh"}
