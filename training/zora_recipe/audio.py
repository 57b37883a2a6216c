"""Audio I/O and the augmentations a microphone in a room needs."""
from math import gcd

import numpy as np
import soundfile as sf
from scipy.signal import butter, resample_poly, sosfilt

MODEL_RATE = 8000


def load(path, rate: int = MODEL_RATE) -> np.ndarray:
    """Mono float32 samples at `rate`."""
    x, sr = sf.read(str(path), dtype="float32", always_2d=True)
    return resample(x.mean(axis=1), sr, rate)


def resample(x: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    if from_rate == to_rate:
        return x.astype(np.float32)
    g = gcd(int(from_rate), int(to_rate))
    return resample_poly(x, to_rate // g, from_rate // g).astype(np.float32)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)) + 1e-12))


def add_noise(x: np.ndarray, snr_db: float, rng: np.random.Generator, colour: str = "white",
              reference: str = "loud") -> np.ndarray:
    """Noise at `snr_db` below the signal's RMS: of its loud part (so padding around the speech
    does not lower the reference), or of the `whole` clip (the usual definition, used to evaluate)."""
    noise = rng.standard_normal(len(x))
    if colour == "pink":
        spectrum = np.fft.rfft(noise)
        spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
        noise = np.fft.irfft(spectrum, n=len(x))
    elif colour == "brown":
        noise = np.cumsum(noise)
        noise -= np.linspace(noise[0], noise[-1], len(noise))
    loud = x[np.abs(x) > 0.1 * np.max(np.abs(x))] if reference == "loud" and np.any(x) else x
    signal_rms = rms(loud)
    noise *= signal_rms / rms(noise) / (10.0 ** (snr_db / 20.0))
    return (x + noise).astype(np.float32)


def speed(x: np.ndarray, factor: float) -> np.ndarray:
    """Speed perturbation (tempo and pitch together), as in Kaldi's 0.9/1.0/1.1 recipe."""
    if abs(factor - 1.0) < 1e-3:
        return x
    up = 100
    down = int(round(100 * factor))
    return resample_poly(x, up, down).astype(np.float32)


def band_limit(x: np.ndarray, low_hz: float, high_hz: float, rate: int = MODEL_RATE) -> np.ndarray:
    """A cheap microphone or telephone channel: high-pass at low_hz, low-pass at high_hz."""
    nyquist = rate / 2
    if high_hz >= nyquist * 0.98:
        sos = butter(2, low_hz / nyquist, btype="highpass", output="sos")
    else:
        sos = butter(2, [low_hz / nyquist, high_hz / nyquist], btype="bandpass", output="sos")
    return sosfilt(sos, x).astype(np.float32)


def room(x: np.ndarray, rng: np.random.Generator, rate: int = MODEL_RATE) -> np.ndarray:
    """A synthetic small-room impulse response: direct path plus exponentially decaying noise tail."""
    rt60 = rng.uniform(0.1, 0.5)
    n = int(rate * rt60)
    t = np.arange(n) / rate
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60) * rng.uniform(0.05, 0.3)
    ir[0] = 1.0
    wet = np.convolve(x, ir)[: len(x)]
    return (wet * rms(x) / rms(wet)).astype(np.float32)


def noise_colour(rng: np.random.Generator, white_share=None) -> str:
    """White, pink or brown: a third each when `white_share` is None, else white with that probability
    and pink or brown alike otherwise (the two draw differently, so both stay: bundles were trained
    with each)."""
    if white_share is None:
        return rng.choice(["white", "pink", "brown"])
    return "white" if rng.random() < white_share else rng.choice(["pink", "brown"])


def augment(x: np.ndarray, rng: np.random.Generator, noise_snr_db=(5.0, 40.0), white_noise_share=None) -> np.ndarray:
    """Random channel: speed, band limits, room, noise colour and level, gain. Each with some probability."""
    if rng.random() < 0.5:
        x = speed(x, rng.uniform(0.88, 1.12))
    if rng.random() < 0.3:
        x = room(x, rng)
    if rng.random() < 0.4:
        x = band_limit(x, rng.uniform(60, 400), rng.uniform(2600, 4000))
    if rng.random() < 0.8:
        colour = noise_colour(rng, white_noise_share)
        x = add_noise(x, rng.uniform(*noise_snr_db), rng, colour)
    peak = np.max(np.abs(x)) + 1e-9
    gain_db = rng.uniform(-30, 0)
    return np.clip(x / peak * 10 ** (gain_db / 20) * 0.95, -1, 1).astype(np.float32)
