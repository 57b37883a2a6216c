"""Training data: FSDD recordings, espeak-ng speech over many voices, and sox pitch variants.

Everything synthesised is cached under a cache folder (not committed) so later runs and resumed
training reuse it. The FSDD split: file index 5-9 of every speaker and digit is the validation
set (never trained on), 10-49 is training; index 0-4 is FSDD's official test set, kept back by
the shared data folder itself.
"""
import io
import json
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from .audio import MODEL_RATE, load, resample

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
VALIDATION_INDICES = range(5, 10)

# espeak-ng accents and voice variants. The held-out variants are never used in training: the
# transformer's espeak test set is spoken by them.
ESPEAK_ACCENTS = ["en", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp",
                  "en-gb-x-gbcwmd", "en-029", "en-us-nyc"]
HELD_OUT_VARIANTS = ["Andy", "Annie", "Michael", "Steph", "female3", "male3", "grandma", "travis",
                     "Lee", "Linda"]
# Novelty voices (robots, whispers, croaks) are not what a microphone hears.
EXCLUDED_VARIANTS = re.compile(r"(?i)robo|robot|demonic|half-life|whisper|croak|fast_test|klatt")

# Other speech for the `_unknown_` class. No homophones of digits (to, too, for, ate, won...).
UNKNOWN_WORDS = """hello yes no stop go left right up down on off house cat dog bird tree wow
happy bed marvin sheila visual follow learn forward backward apple banana orange water coffee
music play pause next previous open close light dark red green blue yellow black white morning
evening night today tomorrow weather window door kitchen table chair computer phone listen speak
ten eleven twelve twenty thirty hundred thousand million first second third dozen number count
alpha bravo charlie delta echo golf hotel india kilo lima mike oscar papa quebec romeo sierra
tango uniform victor whiskey yankee zulu seventeen thirteen fifty ninety sixty eighty forty
cancel confirm repeat again help please thanks sorry maybe never always often station river
mountain garden paper pencil money ticket train airport london paris berlin zora model speech""".split()


@dataclass(frozen=True)
class Clip:
    samples: np.ndarray
    words: tuple  # the words spoken, e.g. ("three",) or ("four", "oh", "two")
    speaker: str
    warp: float = 1.0  # the front end's vocal-tract-length warp in training (features.vtlp_warp); never cached


def fsdd_files(fsdd_dir: Path):
    """(path, digit, speaker, index) for every recording."""
    out = []
    for p in sorted(Path(fsdd_dir, "recordings").glob("*.wav")):
        digit, speaker, index = p.stem.split("_")
        out.append((p, int(digit), speaker, int(index)))
    return out


def fsdd_split(fsdd_dir: Path, validation: bool):
    return [f for f in fsdd_files(fsdd_dir) if (f[3] in VALIDATION_INDICES) == validation]


def load_fsdd(fsdd_dir: Path, validation: bool):
    return [Clip(load(p), (DIGIT_WORDS[d],), s) for p, d, s, _ in fsdd_split(fsdd_dir, validation)]


def espeak_variants(held_out: bool):
    listing = subprocess.run(["espeak-ng", "--voices=variant"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[1:]
    names = sorted({line.split()[3] for line in listing if line.strip()})
    if held_out:
        return [n for n in names if n in HELD_OUT_VARIANTS]
    return [n for n in names if n not in HELD_OUT_VARIANTS and not EXCLUDED_VARIANTS.search(n)]


def espeak(text: str, voice: str, words_per_minute: int, pitch: int, gap_10ms: int = 0) -> np.ndarray:
    cmd = ["espeak-ng", "--stdout", "-v", voice, "-s", str(words_per_minute), "-p", str(pitch)]
    if gap_10ms:
        cmd += ["-g", str(gap_10ms)]
    wav = subprocess.run(cmd + [text], capture_output=True, check=True).stdout
    x, sr = sf.read(io.BytesIO(wav), dtype="float32")
    return resample(x, sr, MODEL_RATE)


def _synthesise(jobs, workers=2):
    def one(job):
        text, words, voice, wpm, pitch, gap = job
        return Clip(espeak(text, voice, wpm, pitch, gap), tuple(words), voice)
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, jobs))


def _voice(rng, variants):
    return f"{rng.choice(ESPEAK_ACCENTS)}+{rng.choice(variants)}"


def espeak_word_jobs(words, count, rng, variants):
    jobs = []
    for i in range(count):
        word = words[i % len(words)]
        jobs.append((word, [word], _voice(rng, variants), int(rng.integers(110, 230)),
                     int(rng.integers(15, 85)), 0))
    return jobs


def zero_word(rng) -> str:
    """Connected digit strings say zero as 'oh' about half the time."""
    return "oh" if rng.random() < 0.5 else "zero"


def digit_string_words(rng, min_len=1, max_len=10):
    n = int(rng.integers(min_len, max_len + 1))
    return [zero_word(rng) if d == 0 else DIGIT_WORDS[d] for d in rng.integers(0, 10, n)]


def espeak_string_jobs(count, rng, variants):
    jobs = []
    for _ in range(count):
        words = digit_string_words(rng)
        text = spoken_text(words, None, rng)
        jobs.append((text, words, _voice(rng, variants), int(rng.integers(120, 220)),
                     int(rng.integers(15, 85)), int(rng.integers(0, 15))))
    return jobs


# Other synthesisers than espeak-ng, for speaker variety (Debian's flite and festival voices).
# The held-out ones are never trained on: the connected models' "new synthetic voice" test set.
FLITE_VOICES = ["awb", "kal", "kal16", "rms"]
FESTIVAL_VOICES = ["kal_diphone"]
HELD_OUT_FLITE_VOICES = ["slt"]
HELD_OUT_FESTIVAL_VOICES = ["ked_diphone", "cmu_us_slt_arctic_hts"]

# Debian's festival voices of other languages (women, men and a boy: every English voice in apt but
# the held-out slt is a man's) reading the digits respelled in their own spelling, as their
# speakers would say English digits. By voice, its language's respellings.
ACCENTED_FESTIVAL_VOICES = {"lp_diphone": "it", "pc_diphone": "it", "suo_fi_lj_diphone": "fi",
                            "hy_fi_mv_diphone": "fi", "czech_dita": "cs", "czech_krb": "cs",
                            "upc_ca_ona_hts": "ca"}
# Italian and Catalan spell these sounds alike.
ROMANCE_RESPELLING = {"zero": "ziro", "one": "uan", "two": "tu", "three": "tri", "four": "for", "five": "faiv",
                      "six": "sics", "seven": "seven", "eight": "eit", "nine": "nain", "oh": "ou"}
RESPELLINGS = {
    "it": ROMANCE_RESPELLING,
    "fi": {"zero": "siirou", "one": "uan", "two": "tuu", "three": "trii", "four": "foor", "five": "faiv",
           "six": "siks", "seven": "seven", "eight": "eit", "nine": "nain", "oh": "ou"},
    "cs": {"zero": "zirou", "one": "uan", "two": "tu", "three": "tri", "four": "for", "five": "fajf",
           "six": "siks", "seven": "sevn", "eight": "ejt", "nine": "najn", "oh": "ou"},
    "ca": ROMANCE_RESPELLING,
}


def spoken_text(words, voice: str | None, rng) -> str:
    """What a voice is given to read: the words (respelled for an accented voice), with a comma
    after a quarter of them, where people pause in a phone number."""
    spelling = RESPELLINGS.get(ACCENTED_FESTIVAL_VOICES.get(voice), {})
    return " ".join(spelling.get(w, w) + ("," if rng.random() < 0.25 else "") for w in words)


def flite(text: str, voice: str, stretch: float, pitch_hz: float) -> np.ndarray:
    wav = subprocess.run(["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:.2f}",
                          "--setf", f"int_f0_target_mean={pitch_hz:.0f}", "-t", text, "-o", "/dev/stdout"],
                         capture_output=True, check=True).stdout
    x, sr = sf.read(io.BytesIO(wav), dtype="float32")
    return resample(x, sr, MODEL_RATE)


def festival(text: str, voice: str, stretch: float) -> np.ndarray:
    # To a file: on a pipe text2wave cannot go back to fill in the WAV header's sizes.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "speech.wav")
        subprocess.run(["text2wave", "-eval", f"(voice_{voice})",
                        "-eval", f"(Parameter.set 'Duration_Stretch {stretch:.2f})", "-o", str(out)],
                       input=text.encode(), capture_output=True, check=True)
        x, sr = sf.read(str(out), dtype="float32")
    return resample(x, sr, MODEL_RATE)


def synthesise_strings(count, rng, flite_voices, festival_voices):
    """Digit strings spoken by flite and festival voices, at random speed (and pitch, for flite)."""
    voices = [("flite", v) for v in flite_voices] + [("festival", v) for v in festival_voices]
    jobs = []
    for i in range(count):
        words = digit_string_words(rng)
        engine, voice = voices[i % len(voices)]
        text = spoken_text(words, voice, rng)
        jobs.append((engine, voice, text, words, float(rng.uniform(0.8, 1.3)), float(rng.uniform(80, 220))))

    def one(job):
        engine, voice, text, words, stretch, pitch = job
        x = flite(text, voice, stretch, pitch) if engine == "flite" else festival(text, voice, stretch)
        if len(x) < MODEL_RATE // 10:
            raise RuntimeError(f"{engine} {voice} gave {len(x)} samples for {text!r}")
        return Clip(x, tuple(words), f"{engine}:{voice}")
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, jobs))


def sox_pitch(path: Path, cents: int) -> np.ndarray:
    return _sox(path, "pitch", str(cents))


def sox_tempo(path: Path, factor: float) -> np.ndarray:
    """The recording at `factor` times its tempo, pitch and formants kept (sox's WSOLA for speech)."""
    return _sox(path, "tempo", "-s", f"{factor:.3f}")


def slower(x: np.ndarray, factor: float) -> np.ndarray:
    """`sox_tempo` of samples at the model rate rather than of a file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "speech.wav")
        sf.write(path, x, MODEL_RATE, subtype="FLOAT")
        return sox_tempo(path, factor)


def _sox(path: Path, *effect) -> np.ndarray:
    wav = subprocess.run(["sox", str(path), "-t", "wav", "-", *effect], capture_output=True, check=True).stdout
    x, sr = sf.read(io.BytesIO(wav), dtype="float32")
    return resample(x, sr, MODEL_RATE)


def save_clips(path: Path, clips):
    path.parent.mkdir(parents=True, exist_ok=True)
    lengths = np.array([len(c.samples) for c in clips])
    np.savez(path, samples=np.concatenate([c.samples for c in clips]), lengths=lengths,
             words=np.array([json.dumps(c.words) for c in clips]),
             speakers=np.array([c.speaker for c in clips]))


def load_clips(path: Path):
    with np.load(path) as z:  # each z[key] reads the file again: read every array once
        samples, lengths, words, speakers = z["samples"], z["lengths"], z["words"], z["speakers"]
    ends = np.cumsum(lengths)
    return [Clip(samples[e - n:e], tuple(json.loads(w)), str(spk))
            for e, n, w, spk in zip(ends, lengths, words, speakers, strict=True)]


def cached(path: Path, build):
    if path.exists():
        return load_clips(path)
    print(f"building {path.name} ...", flush=True)
    clips = build()
    save_clips(path, clips)
    return clips


DATA_SEED = 1234
SLOWED_TEMPO = (0.55, 0.85)  # fsdd_train_slowed: 1.2 to 1.8 times as long


class Corpus:
    """All clips the recipes train and validate on, built once into `cache_dir`.

    Their random choices (pitch shifts, voices, noise, how strings are put together) come from
    DATA_SEED, whatever seed a run trains with: the cache files do not name a seed, so a run's own
    seed would only count where it happened to build the cache first, and runs of different seeds
    must be scored on the same held-out sets."""

    def __init__(self, fsdd_dir: Path, cache_dir: Path):
        self.fsdd_dir = Path(fsdd_dir)
        self.cache = Path(cache_dir)
        self.seed = DATA_SEED

    def _rng(self, salt: int):
        return np.random.default_rng(self.seed + salt)

    def fsdd_train(self):
        return cached(self.cache / "fsdd_train.npz", lambda: load_fsdd(self.fsdd_dir, validation=False))

    def fsdd_validation(self):
        return cached(self.cache / "fsdd_validation.npz", lambda: load_fsdd(self.fsdd_dir, validation=True))

    def fsdd_train_pitched(self):
        """Every training recording shifted down and up by a few semitones: new 'speakers'."""
        return self._fsdd_train_twins("fsdd_train_pitched.npz", 1, lambda rng: int(rng.choice([-400, -250, 250, 400])),
                                      sox_pitch, lambda speaker, cents: f"{speaker}{cents:+d}")

    def fsdd_train_slowed(self):
        """Every training recording said slower (tempo SLOWED_TEMPO, pitch kept): FSDD's speakers say
        a digit in 0.36-0.51 s on average, a careful speaker (a telephone prompt, someone dictating)
        in 0.5-0.7 s, which the models trained on FSDD's pace heard as two words ("seven seven").
        Each speaker's slowed recordings are one more speaker ("jackson~slow"), so a string is slow
        throughout, as a slow speaker's is."""
        return self._fsdd_train_twins("fsdd_train_slowed.npz", 12, lambda rng: float(rng.uniform(*SLOWED_TEMPO)),
                                      sox_tempo, lambda speaker, _: f"{speaker}~slow")

    def _fsdd_train_twins(self, name, salt, draw, transform, label):
        """Every training recording once through a sox `transform` with the setting `draw(rng)` gives
        it, labelled `label(speaker, setting)`: cached as `name`."""
        def build():
            rng = self._rng(salt)
            jobs = [(p, d, s, draw(rng)) for p, d, s, _ in fsdd_split(self.fsdd_dir, validation=False)]
            with ThreadPoolExecutor(2) as pool:
                return list(pool.map(lambda j: Clip(transform(j[0], j[3]), (DIGIT_WORDS[j[1]],), label(j[2], j[3])),
                                     jobs))
        return cached(self.cache / name, build)

    def espeak_digits(self, count=3300):
        rng = self._rng(2)
        return cached(self.cache / "espeak_digits.npz",
                      lambda: _synthesise(espeak_word_jobs(DIGIT_WORDS + ["oh"], count, rng,
                                                           espeak_variants(held_out=False))))

    def espeak_unknown(self, count=2000):
        rng = self._rng(3)
        return cached(self.cache / "espeak_unknown.npz",
                      lambda: _synthesise(espeak_word_jobs(UNKNOWN_WORDS, count, rng,
                                                           espeak_variants(held_out=False))))

    def espeak_strings(self, count=4000):
        rng = self._rng(4)
        return cached(self.cache / "espeak_strings.npz",
                      lambda: _synthesise(espeak_string_jobs(count, rng, espeak_variants(held_out=False))))

    def espeak_strings_held_out(self, count=200):
        """Connected digit strings spoken by espeak variants never used in training."""
        rng = self._rng(5)
        return cached(self.cache / "espeak_strings_held_out.npz",
                      lambda: _synthesise(espeak_string_jobs(count, rng, espeak_variants(held_out=True))))

    def synthesised_strings(self, count=1500):
        """Strings by the training flite and festival voices."""
        rng = self._rng(9)
        return cached(self.cache / "synth_strings.npz",
                      lambda: synthesise_strings(count, rng, FLITE_VOICES, FESTIVAL_VOICES))

    def synthesised_strings_held_out(self, count=150):
        """Strings by flite and festival voices never trained on."""
        rng = self._rng(10)
        return cached(self.cache / "synth_strings_held_out.npz",
                      lambda: synthesise_strings(count, rng, HELD_OUT_FLITE_VOICES, HELD_OUT_FESTIVAL_VOICES))

    def accented_strings(self, count=1050):
        """Strings by the festival voices of other languages (ACCENTED_FESTIVAL_VOICES)."""
        rng = self._rng(11)
        return cached(self.cache / "accented_strings.npz",
                      lambda: synthesise_strings(count, rng, [], list(ACCENTED_FESTIVAL_VOICES)))


def held_out_digit_words(corpus: Corpus, count=200):
    """Isolated digits spoken by the held-out espeak variants: a check on voices never heard."""
    rng = corpus._rng(6)
    return cached(corpus.cache / "espeak_digits_held_out.npz",
                  lambda: _synthesise(espeak_word_jobs(DIGIT_WORDS, count, rng,
                                                       espeak_variants(held_out=True))))
