"""Connected digit strings: built from single-digit recordings, or spoken whole by espeak-ng."""
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from . import audio, events
from .audio import load
from .data import DIGIT_WORDS, Clip, Corpus, cached, slower

RATE = audio.MODEL_RATE


class StringBuilder:
    """Joins one speaker's digit recordings with gaps into a string, as someone reading a number."""

    def __init__(self, clips):
        self.by_speaker = defaultdict(lambda: defaultdict(list))
        for clip in clips:
            self.by_speaker[clip.speaker][DIGIT_WORDS.index(clip.words[0])].append(clip.samples)
        self.speakers = sorted(self.by_speaker)

    def build(self, rng, min_len=1, max_len=10, max_gap_s=0.4, edges=None, digits=None):
        """A string of min_len-max_len random digits, or of `digits`; `edges(rng, samples)` sets the
        silence around it (default: 0.1-0.6 s each side, the validation strings' padding)."""
        speaker = self.by_speaker[self.speakers[rng.integers(len(self.speakers))]]
        if digits is None:
            digits = rng.integers(0, 10, int(rng.integers(min_len, max_len + 1)))
        parts = []
        for i, d in enumerate(digits):
            takes = speaker[d]
            parts.append(takes[rng.integers(len(takes))])
            if i < len(digits) - 1:
                parts.append(np.zeros(int(rng.uniform(0.0, max_gap_s) * RATE), np.float32))
        x = np.concatenate(parts)
        x = edges(rng, x) if edges else pad_silence(x, rng, 0.1, 0.6)
        return Clip(x, tuple(DIGIT_WORDS[d] for d in digits), "")


def pad_silence(x, rng, low_s=0.05, high_s=0.5):
    before = np.zeros(int(rng.uniform(low_s, high_s) * RATE), np.float32)
    after = np.zeros(int(rng.uniform(low_s, high_s) * RATE), np.float32)
    return np.concatenate([before, x, after])


# A synthesiser's own padding lies 46-75 dB below its clip's peak; the weak consonants that open or
# close a digit (the /f/ of "four" and "five", /s/, /th/, a final /n/) lie 35-41 dB below it, in
# every flite, festival and espeak-ng voice the recipe uses. The recipe's first threshold, -34 dB,
# cut those consonants with the padding: "four" became "our" in training and in the held-out sets.
SILENCE_DB = -45.0


def trim(x, threshold_db=SILENCE_DB):
    """Cuts the leading and trailing samples more than `threshold_db` below the peak (a
    synthesiser's own padding), so edge silence is the recipe's choice and not the voice's, and
    every sound of the words stays."""
    if not len(x):
        return x
    level = np.abs(x)
    loud = np.flatnonzero(level > 10 ** (threshold_db / 20) * (np.max(level) + 1e-9))
    return x[loud[0]:loud[-1] + 1] if len(loud) else x


# What the server gives a clip cut tight at its sound (src/zora-core: TranscribingTask's edge context,
# UtteranceTranscriber's padding): 0.25 s before and after it, silence for a quiet clip, else
# Gaussian noise at the level of its quietest 20 ms where that lies within 13 dB of the whole clip.
EDGE_CONTEXT_S = 0.25
QUIET_FLOOR_RATIO = 0.05


def served_padding(x, lead, tail, rng):
    """`x` with `lead` and `tail` samples of the padding the server adds to a tight clip."""
    window = RATE // 50
    rms = 0.0
    if len(x) >= window:
        sums = np.concatenate([[0.0], np.cumsum(x.astype(np.float64) ** 2)])
        starts = np.arange(0, len(x) - window + 1, window // 2)
        floor = np.min(sums[starts + window] - sums[starts]) / window
        rms = 0.0 if floor < np.mean(x.astype(np.float64) ** 2) * QUIET_FLOOR_RATIO else np.sqrt(floor)
    return np.concatenate([rng.standard_normal(lead) * rms, x, rng.standard_normal(tail) * rms]).astype(np.float32)


def as_served(clips, rng):
    """Tight clips as the server feeds them to a connected model: with its edge context on each side."""
    context = int(EDGE_CONTEXT_S * RATE)
    return [Clip(served_padding(c.samples, context, context, rng), c.words, c.speaker) for c in clips]


def random_edges(rng, x):
    """Edge silence as users send it, each side independently a tight crop (none, or up to 20 ms cut
    into the sound) a third of the time, else 0-0.5 s of silence; then what the server adds to a side
    with less than its edge context (of 0.1-0.25 s: less where its detector dates the sound late)."""
    x = trim(x)
    cuts, silence = [0, 0], [0, 0]
    for side in range(2):
        if rng.random() < 1 / 3:
            # Cut into the sound only where a clip is long enough to keep its word.
            if len(x) > 0.2 * RATE and rng.random() < 0.5:
                cuts[side] = int(rng.uniform(0, 0.02) * RATE)
        else:
            silence[side] = int(rng.uniform(0, 0.5) * RATE)
    x = np.concatenate([np.zeros(silence[0], np.float32), x[cuts[0]:len(x) - cuts[1]],
                        np.zeros(silence[1], np.float32)])
    top_up = [max(0, int(rng.uniform(0.1, EDGE_CONTEXT_S) * RATE) - s) for s in silence]
    return served_padding(x, top_up[0], top_up[1], rng)


def telephone(x, rng):
    """A telephone line: 300-3400 Hz and 8-bit mu-law companding."""
    x = audio.band_limit(x, 300, 3400)
    peak = np.max(np.abs(x)) + 1e-9
    y = x / peak
    mu = 255.0
    companded = np.round(np.sign(y) * np.log1p(mu * np.abs(y)) / np.log1p(mu) * 127) / 127
    return (np.sign(companded) * np.expm1(np.abs(companded) * np.log1p(mu)) / mu * peak).astype(np.float32)


def lightly_noisy_strings(builder, rng, count, digits=None):
    """`count` strings from `builder` in light noise (20-40 dB, white or pink), as the validation
    strings are; `digits(rng)` picks each string's digits (default: the builder's random ones)."""
    out = []
    for _ in range(count):
        s = builder.build(rng, digits=digits(rng) if digits else None)
        noisy = audio.add_noise(s.samples, rng.uniform(20, 40), rng, rng.choice(["white", "pink"]))
        out.append(Clip(noisy, s.words, s.speaker))
    return out


def fsdd_validation_strings(corpus: Corpus, count=200):
    """Strings made only of held-out recordings (file index 5-9), with light noise; fixed seed."""
    def build():
        return lightly_noisy_strings(StringBuilder(corpus.fsdd_validation()), np.random.default_rng(corpus.seed + 7),
                                     count)
    return cached(corpus.cache / "fsdd_strings_validation.npz", build)


def fsdd_isolated_noisy(corpus: Corpus, snr_db: float):
    """The validation recordings as FSDD ships them (tightly trimmed), in white noise at `snr_db`
    against the whole clip; fixed seed."""
    def build():
        rng = np.random.default_rng(corpus.seed + 11)
        return [Clip(audio.add_noise(c.samples, snr_db, rng, "white", reference="whole"), c.words, c.speaker)
                for c in corpus.fsdd_validation()]
    return cached(corpus.cache / f"fsdd_isolated_white_{snr_db:g}db.npz", build)


def held_out_event_strings(corpus: Corpus, count=100):
    """Validation strings with an event in their 1 s lead and tail, in 10 dB pink noise."""
    def build():
        return event_strings(fsdd_validation_strings(corpus), np.random.default_rng(corpus.seed + 12), count)
    return cached(corpus.cache / "fsdd_strings_events.npz", build)


def repeated_digits(rng):
    """Runs of one digit, as in "seven seven seven" or "one one two two": 1-3 runs of 2-4."""
    runs = rng.choice(10, int(rng.integers(1, 4)), replace=False)
    return [int(d) for d in runs for _ in range(int(rng.integers(2, 5)))]


def held_out_repeated_strings(corpus: Corpus, count=100):
    """Validation strings made of runs of one digit (a decoder that drops or adds a repeat shows
    here), with light noise, like the validation strings."""
    def build():
        return lightly_noisy_strings(StringBuilder(corpus.fsdd_validation()), np.random.default_rng(corpus.seed + 16),
                                     count, digits=repeated_digits)
    return cached(corpus.cache / "fsdd_strings_repeated.npz", build)


LONG_STRING_LENGTHS = (11, 20)  # digits in a long string: more than the recipe's 1-10, a number read in one go


def long_digits(rng):
    """A long string's digits (LONG_STRING_LENGTHS), as a card or account number read in one go."""
    low, high = LONG_STRING_LENGTHS
    return [int(d) for d in rng.integers(0, 10, int(rng.integers(low, high + 1)))]


def held_out_long_strings(corpus: Corpus, count=100):
    """Validation strings of 11-20 digits, with light noise, like the validation strings: a decoder
    whose output is capped, or that has not learnt to go on past ten words, shows here."""
    def build():
        return lightly_noisy_strings(StringBuilder(corpus.fsdd_validation()), np.random.default_rng(corpus.seed + 17),
                                     count, digits=long_digits)
    return cached(corpus.cache / "fsdd_strings_long.npz", build)


def held_out_noisy_strings(corpus: Corpus, count=100):
    """Validation strings with a 1 s lead and tail in 10 dB pink noise, nothing else around them."""
    def build():
        return strings_in_noise(fsdd_validation_strings(corpus), np.random.default_rng(corpus.seed + 14), count)
    return cached(corpus.cache / "fsdd_strings_pink_10db.npz", build)


HELD_OUT_SLOW_TEMPO = (0.55, 0.75)  # held_out_slow_strings: 1.3 to 1.8 times as long, the real voice's pace


def held_out_slow_strings(corpus: Corpus, count=100):
    """Validation strings said slower (sox tempo HELD_OUT_SLOW_TEMPO, pitch kept), at the pace of a
    careful speaker reading a number: FSDD's validation recordings, so a model that hears one long
    digit as two ("seven seven") shows it here, with no new voice mixed in."""
    def build():
        rng = np.random.default_rng(corpus.seed + 20)
        return [Clip(slower(s.samples, float(rng.uniform(*HELD_OUT_SLOW_TEMPO))), s.words, s.speaker)
                for s in fsdd_validation_strings(corpus)[:count]]
    return cached(corpus.cache / "fsdd_strings_slow.npz", build)


# A real voice in no training data: Allison Smith's telephone prompts from Debian's
# asterisk-core-sounds-en-wav (CC-BY-SA-3.0), one professional recording of each digit at 8 kHz.
# Measured on, never trained on.
REAL_VOICE_DIGITS = Path("/usr/share/asterisk/sounds/en_US_f_Allison/digits")


def real_voice_strings(corpus: Corpus, count=100, digits_dir=REAL_VOICE_DIGITS):
    """Strings of 1-10 digits read from a real voice's prompt recordings, with light noise, as the
    validation strings are; None when the recordings are not installed."""
    if not digits_dir.is_dir():
        print(f"no real-voice strings: {digits_dir} is missing (apt-get install asterisk-core-sounds-en-wav)",
              flush=True)
        return None

    def build():
        takes = [Clip(load(digits_dir / f"{d}.wav"), (DIGIT_WORDS[d],), "allison") for d in range(10)]
        return lightly_noisy_strings(StringBuilder(takes), np.random.default_rng(corpus.seed + 19), count)
    return cached(corpus.cache / "real_voice_strings.npz", build)


def synth_test_strings(corpus: Corpus):
    """Strings by held-out flite and festival voices, with a little silence and noise."""
    def build():
        rng = np.random.default_rng(corpus.seed + 13)
        return [Clip(audio.add_noise(pad_silence(trim(c.samples), rng), 35, rng), c.words, c.speaker)
                for c in corpus.synthesised_strings_held_out()]
    return cached(corpus.cache / "synth_strings_test.npz", build)


def fsdd_speaker(label: str) -> str:
    """The FSDD speaker behind a clip's speaker label ("jackson", "jackson+250" for a pitch twin,
    "jackson~slow" for the slowed recordings)."""
    return re.sub(r"([+-]\d+|~slow)$", "", label)


def speaker_sets(corpus: Corpus, speaker: str, strings=100):
    """Every recording of one FSDD speaker (training and validation files, tight as FSDD cuts them)
    and strings built from them: what a run trained without that speaker is scored on."""
    isolated = [c for c in corpus.fsdd_train() + corpus.fsdd_validation() if c.speaker == speaker]
    if not isolated:
        raise ValueError(f"no FSDD speaker {speaker!r}")

    def build():
        return lightly_noisy_strings(StringBuilder(isolated), np.random.default_rng(corpus.seed + 15), strings)
    return {"held_out_speaker_isolated_tight": isolated,
            "held_out_speaker_strings": cached(corpus.cache / f"speaker_{speaker}_strings.npz", build)}


# The held-out sets of tight clips: the recipe scores them as the server feeds them (as_served).
TIGHT_SETS = ("isolated_tight", "isolated_tight_white_10db", "held_out_speaker_isolated_tight")


def as_scored(sets):
    """The held-out sets as the recipe scores them: tight clips with the server's edge context."""
    return {name: as_served(clips, np.random.default_rng(0)) if name in TIGHT_SETS else clips
            for name, clips in sets.items()}


def scored_sets(corpus: Corpus, held_out_speaker=None):
    """The held-out sets, and the left-out FSDD speaker's when there is one, as the recipe scores
    them (as_scored): what a bundle's metrics are measured on."""
    sets = held_out_sets(corpus)
    if held_out_speaker:
        sets |= speaker_sets(corpus, held_out_speaker)
    return as_scored(sets)


def held_out_sets(corpus: Corpus):
    """Every set the connected models are measured on, by the name their metrics carry."""
    sets = {"validation": fsdd_validation_strings(corpus),
            "espeak_held_out_voices": espeak_test_strings(corpus),
            "isolated_tight": corpus.fsdd_validation(),
            "isolated_tight_white_10db": fsdd_isolated_noisy(corpus, 10.0),
            "repeated_digits": held_out_repeated_strings(corpus),
            "long_strings": held_out_long_strings(corpus),
            "slow_strings": held_out_slow_strings(corpus),
            "noise_pink_10db": held_out_noisy_strings(corpus),
            "events_pink_10db": held_out_event_strings(corpus),
            "synth_held_out_voices": synth_test_strings(corpus)}
    real_voice = real_voice_strings(corpus)
    return sets | ({"real_held_out_voice": real_voice} if real_voice else {})


def espeak_test_strings(corpus: Corpus):
    """Strings spoken by held-out espeak voice variants, padded with a little silence and noise."""
    def build():
        rng = np.random.default_rng(corpus.seed + 8)
        return [Clip(audio.add_noise(pad_silence(c.samples, rng), 35, rng), c.words, c.speaker)
                for c in corpus.espeak_strings_held_out()]
    return cached(corpus.cache / "espeak_strings_test.npz", build)


def event_strings(strings, rng, count, snr_db=10.0):
    """Strings with a non-speech event in the lead and in the tail (1 s each), in pink noise at
    `snr_db` (against the whole clip): the held-out condition of issue 23."""
    return strings_in_noise(strings, rng, count, snr_db, events_around=True)


def strings_in_noise(strings, rng, count, snr_db=10.0, events_around=False):
    """Strings with a 1 s lead and tail, in pink noise at `snr_db` (against the whole clip); with
    `events_around`, a non-speech event in the lead and in the tail too."""
    out = []
    for s in strings[:count]:
        lead, tail = np.zeros(RATE, np.float32), np.zeros(RATE, np.float32)
        x = np.concatenate([lead, trim(s.samples), tail])
        if events_around:
            level = audio.rms(x[np.abs(x) > 0.1 * np.max(np.abs(x))])
            for at in (int(rng.uniform(0.05, 0.4) * RATE), len(x) - int(rng.uniform(0.6, 0.95) * RATE)):
                x = events.mix_in(x, rng, relative_db=(-6.0, 0.0), at=at) if level else x
        out.append(Clip(audio.add_noise(x, snr_db, rng, "pink", reference="whole"), s.words, s.speaker))
    return out


# The training mix (shares of draws). Real strings cover FSDD's speakers and their pitch twins;
# the synthetic ones add voices (espeak-ng; flite and festival; festival voices of other languages
# with an accent); singles are one tightly cropped digit (what a user says to a digit model);
# non-speech is an event or noise alone, with an empty transcript.
MIX = {"real": 0.38, "espeak": 0.15, "synth": 0.15, "accented": 0.07, "single": 0.15, "non_speech": 0.10}
EVENT_SHARE = 0.25  # strings that get a non-speech event before, between or after their words
TELEPHONE_SHARE = 0.1
LONG_STRING_SHARE = 0.2  # with long_strings: real strings of LONG_STRING_LENGTHS digits; the rest 1-10
VTLP_SHARE = 0.8  # speech warped by a vocal-tract-length factor (features.vtlp_warp) ...
VTLP_RANGE = (0.9, 1.1)  # ... drawn from this range, as Jaitly & Hinton do


def training_mix(accented: bool = True) -> dict:
    """MIX; with `accented` off, the accented voices' share goes back to espeak-ng, where 1.6.0 took it
    from (the ablation: does a real new voice gain or lose by them?)."""
    if accented:
        return dict(MIX)
    mix = {kind: share for kind, share in MIX.items() if kind != "accented"}
    mix["espeak"] += MIX["accented"]
    return mix


def training_recordings(corpus: Corpus, without_speaker: str | None = None, slowed: bool = True):
    """FSDD's training recordings, their pitch twins and (with `slowed`) their slowed twins, less one
    speaker's when `without_speaker`."""
    twins = corpus.fsdd_train_pitched() + (corpus.fsdd_train_slowed() if slowed else [])
    return [c for c in corpus.fsdd_train() + twins
            if without_speaker is None or fsdd_speaker(c.speaker) != without_speaker]


class StringTrainingSet:
    """Draws training utterances by the training mix, with random edge silence, events and channels."""

    def __init__(self, corpus: Corpus, vtlp: bool = True, without_speaker: str | None = None,
                 vtlp_range: tuple = VTLP_RANGE, accented: bool = True, long_strings: bool = False,
                 slowed: bool = True):
        """`without_speaker`: leave that FSDD speaker (and their pitch twins) out, to score a new voice.
        `vtlp_range`: the warp factors drawn (above 1 a shorter vocal tract: higher formants).
        `accented`: draw the accented voices (`training_mix`). `long_strings`: a LONG_STRING_SHARE of
        the real strings have 11-20 digits (the experiment of 2026-12-07, not in the shipped models).
        `slowed`: the real recordings' slowed twins too (`Corpus.fsdd_train_slowed`, since 1.7.0)."""
        self.vtlp = vtlp
        self.vtlp_range = vtlp_range
        self.long_string_share = LONG_STRING_SHARE if long_strings else 0.0
        real = training_recordings(corpus, without_speaker, slowed)
        self.builder = StringBuilder(real)
        self.singles = real
        self.synthetic = {"espeak": corpus.espeak_strings(), "synth": corpus.synthesised_strings()}
        if accented:
            self.synthetic["accented"] = corpus.accented_strings()
        mix = training_mix(accented)
        self.kinds, self.shares = list(mix), np.array(list(mix.values())) / sum(mix.values())

    def draw(self, rng):
        kind = self.kinds[rng.choice(len(self.kinds), p=self.shares)]
        if kind == "real":
            # No draw when the share is 0, so the default mix's random stream is the shipped models'.
            long = self.long_string_share and rng.random() < self.long_string_share
            digits = long_digits(rng) if long else None
            clip = self.builder.build(rng, edges=random_edges, digits=digits)
        elif kind == "single":
            c = self.singles[rng.integers(len(self.singles))]
            clip = Clip(random_edges(rng, c.samples), c.words, c.speaker)
        elif kind == "non_speech":
            clip = Clip(self.non_speech(rng), (), "")
        else:
            pool = self.synthetic[kind]
            c = pool[rng.integers(len(pool))]
            clip = Clip(random_edges(rng, c.samples), c.words, c.speaker)
        x = clip.samples
        if kind != "non_speech" and rng.random() < EVENT_SHARE:
            x = self.with_event(x, rng)
        if rng.random() < TELEPHONE_SHARE:
            x = telephone(x, rng)
        warp = 1.0
        if self.vtlp and kind != "non_speech" and rng.random() < VTLP_SHARE:
            warp = float(rng.uniform(*self.vtlp_range))
        return Clip(audio.augment(x, rng, noise_snr_db=(0.0, 40.0)), clip.words, clip.speaker, warp)

    @staticmethod
    def non_speech(rng):
        x = np.zeros(int(rng.uniform(0.3, 2.0) * RATE), np.float32)
        for _ in range(int(rng.integers(1, 4))):
            x = events.mix_in(x, rng)
        return x

    @staticmethod
    def with_event(x, rng):
        """An event over the string itself, or before or after it with a short gap."""
        if rng.random() < 1 / 3:
            return events.mix_in(x, rng, relative_db=(-25.0, -6.0))
        e = events.event(rng) * np.max(np.abs(x)) * rng.uniform(0.1, 1.0)
        gap = np.zeros(int(rng.uniform(0.05, 0.4) * RATE), np.float32)
        parts = [e, gap, x] if rng.random() < 0.5 else [x, gap, e]
        return np.concatenate(parts).astype(np.float32)
