"""Connected digit strings: built from single-digit recordings, or spoken whole by espeak-ng."""
from collections import defaultdict

import numpy as np

from . import audio
from .data import DIGIT_WORDS, Clip, Corpus, cached

RATE = audio.MODEL_RATE


class StringBuilder:
    """Joins one speaker's digit recordings with gaps into a string, as someone reading a number."""

    def __init__(self, clips):
        self.by_speaker = defaultdict(lambda: defaultdict(list))
        for clip in clips:
            self.by_speaker[clip.speaker][DIGIT_WORDS.index(clip.words[0])].append(clip.samples)
        self.speakers = sorted(self.by_speaker)

    def build(self, rng, min_len=1, max_len=10, max_gap_s=0.4):
        speaker = self.by_speaker[self.speakers[rng.integers(len(self.speakers))]]
        digits = rng.integers(0, 10, int(rng.integers(min_len, max_len + 1)))
        parts = [np.zeros(int(rng.uniform(0.1, 0.6) * RATE), np.float32)]
        for i, d in enumerate(digits):
            takes = speaker[d]
            parts.append(takes[rng.integers(len(takes))])
            gap = rng.uniform(0.0, max_gap_s) if i < len(digits) - 1 else rng.uniform(0.1, 0.6)
            parts.append(np.zeros(int(gap * RATE), np.float32))
        return Clip(np.concatenate(parts), tuple(DIGIT_WORDS[d] for d in digits), "")


def pad_silence(x, rng):
    before = np.zeros(int(rng.uniform(0.05, 0.5) * RATE), np.float32)
    after = np.zeros(int(rng.uniform(0.05, 0.5) * RATE), np.float32)
    return np.concatenate([before, x, after])


def fsdd_validation_strings(corpus: Corpus, count=200):
    """Strings made only of held-out recordings (file index 5-9), with light noise; fixed seed."""
    def build():
        rng = np.random.default_rng(corpus.seed + 7)
        builder = StringBuilder(corpus.fsdd_validation())
        out = []
        for _ in range(count):
            s = builder.build(rng)
            noisy = audio.add_noise(s.samples, rng.uniform(20, 40), rng, rng.choice(["white", "pink"]))
            out.append(Clip(noisy, s.words, s.speaker))
        return out
    return cached(corpus.cache / "fsdd_strings_validation.npz", build)


def espeak_test_strings(corpus: Corpus):
    """Strings spoken by held-out espeak voice variants, padded with a little silence and noise."""
    def build():
        rng = np.random.default_rng(corpus.seed + 8)
        return [Clip(audio.add_noise(pad_silence(c.samples, rng), 35, rng), c.words, c.speaker)
                for c in corpus.espeak_strings_held_out()]
    return cached(corpus.cache / "espeak_strings_test.npz", build)


class StringTrainingSet:
    """Half strings of real recordings (training speakers and their pitch-shifted twins), half espeak."""

    def __init__(self, corpus: Corpus):
        self.builder = StringBuilder(corpus.fsdd_train() + corpus.fsdd_train_pitched())
        self.espeak = corpus.espeak_strings()

    def draw(self, rng):
        if rng.random() < 0.5:
            clip = self.builder.build(rng)
        else:
            c = self.espeak[rng.integers(len(self.espeak))]
            clip = Clip(pad_silence(c.samples, rng), c.words, c.speaker)
        return Clip(audio.augment(clip.samples, rng, noise_snr_db=(5.0, 40.0)), clip.words, clip.speaker)
