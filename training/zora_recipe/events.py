"""Non-speech events: sounds a microphone hears that are no word at all.

The connected models learn that these have an empty transcript: a burst, a click, a tone, a
music-like chord or mains hum, alone or around and between the digits of a string. Each is drawn
at random (kind, length, level, pitch) so no two are alike.
"""
import numpy as np

from .audio import MODEL_RATE, rms

KINDS = ("burst", "clicks", "tone", "chord", "hum")


def event(rng: np.random.Generator, kind=None, rate: int = MODEL_RATE) -> np.ndarray:
    """One non-speech sound, 0.05-0.8 s long, peak-normalised to 1."""
    kind = kind or KINDS[rng.integers(len(KINDS))]
    n = int(rng.uniform(0.05, 0.8) * rate)
    t = np.arange(n) / rate
    if kind == "burst":
        x = rng.standard_normal(n)
        if rng.random() < 0.5:  # coloured: a door, a cough-like puff, wind on the microphone
            x = np.cumsum(x)
            x -= np.linspace(x[0], x[-1], n)
        x *= np.exp(-t * rng.uniform(2, 20))
    elif kind == "clicks":
        x = np.zeros(n)
        for at in rng.integers(0, n, int(rng.integers(1, 8))):
            width = int(rng.integers(2, 40))
            x[at:at + width] += rng.uniform(-1, 1) * np.exp(-np.arange(min(width, n - at)) / 5)
    elif kind == "tone":
        f = rng.uniform(150, 3500)
        x = np.sin(2 * np.pi * f * t + rng.uniform(0, 6.3))
        if rng.random() < 0.5:  # a beep that glides
            x = np.sin(2 * np.pi * np.cumsum(np.linspace(f, f * rng.uniform(0.5, 2), n)) / rate)
    elif kind == "chord":
        root = rng.uniform(110, 440)
        x = np.zeros(n)
        for ratio in rng.choice([1.0, 1.25, 1.5, 2.0, 1.2, 1.335], int(rng.integers(2, 5)), replace=False):
            for harmonic in range(1, 5):
                f = root * ratio * harmonic
                if f < rate / 2:
                    x += np.sin(2 * np.pi * f * t) / harmonic
        x *= np.minimum(1, t / 0.01) * np.exp(-t * rng.uniform(0.5, 6))  # plucked or held
    else:  # hum: mains at 50 or 60 Hz with harmonics
        base = 50 if rng.random() < 0.5 else 60
        x = sum(np.sin(2 * np.pi * base * h * t) * rng.uniform(0.2, 1) for h in range(1, 6))
    x = np.asarray(x, dtype=np.float64)
    return (x / (np.max(np.abs(x)) + 1e-9)).astype(np.float32)


def mix_in(x: np.ndarray, rng: np.random.Generator, relative_db=(-20.0, 6.0), at=None) -> np.ndarray:
    """Adds one event to `x` at sample `at` (random when None), its RMS `relative_db` against the
    loud part of `x` (or absolute, -40 to -6 dBFS, when `x` is silent)."""
    e = event(rng)
    if len(e) >= len(x):
        e = e[:max(len(x) - 1, 1)]
    at = int(rng.integers(0, max(len(x) - len(e), 1))) if at is None else min(at, len(x) - len(e))
    loud = x[np.abs(x) > 0.1 * np.max(np.abs(x))] if np.any(x) else None
    level = (rms(loud) * 10 ** (rng.uniform(*relative_db) / 20) if loud is not None and len(loud)
             else 10 ** (rng.uniform(-40, -6) / 20))
    y = x.copy()
    y[at:at + len(e)] += e * (level / rms(e))
    return y
