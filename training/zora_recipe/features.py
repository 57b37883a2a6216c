"""Log-mel front end, the same formula the server computes in Java (see models/README.md).

Written out by hand rather than with torchaudio so that every step is spelled out and the Java
implementation can reproduce it bit for bit: periodic Hann window, no centre padding, HTK mel
scale without area normalisation, natural log with an offset, per-utterance mean removal.
"""
from dataclasses import asdict, dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class LogMelConfig:
    sample_rate: int = 8000
    n_fft: int = 256
    win_length: int = 200
    hop_length: int = 80
    n_mels: int = 40
    f_min: float = 20.0
    f_max: float = 4000.0
    log_offset: float = 1e-6
    normalize: str = "per-utterance-mean"

    def manifest(self) -> dict:
        """The `frontend` block of zora.json."""
        d = asdict(self)
        return {
            "type": "logmel",
            "nFft": d["n_fft"],
            "winLength": d["win_length"],
            "hopLength": d["hop_length"],
            "nMels": d["n_mels"],
            "fMin": d["f_min"],
            "fMax": d["f_max"],
            "logOffset": d["log_offset"],
            "normalize": d["normalize"],
        }


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


DEFAULT_CONFIG = LogMelConfig()


VTLP_BOUNDARY = 0.6  # of the Nyquist frequency: the warp's knee (Jaitly & Hinton's 4.8 of 8 kHz)


def vtlp_warp(f_hz, alpha: float, nyquist_hz: float) -> np.ndarray:
    """Vocal-tract-length perturbation (Jaitly & Hinton 2013): frequencies scale by `alpha` up to a
    knee, then map linearly so that the Nyquist frequency stays where it is. alpha > 1 moves
    formants up (a shorter vocal tract), alpha < 1 down."""
    f = np.asarray(f_hz, dtype=np.float64)
    boundary = VTLP_BOUNDARY * nyquist_hz
    knee = boundary * min(alpha, 1.0) / alpha
    above = nyquist_hz - (nyquist_hz - boundary * min(alpha, 1.0)) / (nyquist_hz - knee) * (nyquist_hz - f)
    return np.where(f <= knee, f * alpha, above)


def mel_filterbank(cfg: LogMelConfig, warp: float = 1.0) -> np.ndarray:
    """Triangular filters, shape [n_fft // 2 + 1, n_mels]. With `warp` != 1 each FFT bin counts as
    if it were at vtlp_warp(its frequency, warp): a training augmentation, never served."""
    n_freqs = cfg.n_fft // 2 + 1
    bin_hz = np.arange(n_freqs, dtype=np.float64) * cfg.sample_rate / cfg.n_fft
    if warp != 1.0:
        bin_hz = vtlp_warp(bin_hz, warp, cfg.sample_rate / 2)
    edges = mel_to_hz(np.linspace(hz_to_mel(cfg.f_min), hz_to_mel(cfg.f_max), cfg.n_mels + 2))
    fb = np.zeros((n_freqs, cfg.n_mels), dtype=np.float64)
    for m in range(cfg.n_mels):
        lo, mid, hi = edges[m], edges[m + 1], edges[m + 2]
        rising = (bin_hz - lo) / (mid - lo)
        falling = (hi - bin_hz) / (hi - mid)
        fb[:, m] = np.maximum(0.0, np.minimum(rising, falling))
    return fb


@dataclass(frozen=True)
class SpecAugment:
    """SpecAugment (Park et al. 2019): bands of mel channels and runs of frames of a training
    utterance's features set to the utterance's mean (0 after per-utterance mean removal), so the
    model cannot lean on any one band (where one speaker's formants sit) or any one instant. A
    training augmentation, never served. Time masks are a fraction of the utterance, capped, so a
    tight single digit (20-30 frames) loses a frame or two, never the word its transcript names."""
    freq_masks: int = 2
    max_freq_width: int = 7  # mel channels per mask (of 40)
    time_masks: int = 2
    max_time_fraction: float = 0.05  # of the utterance's frames per mask
    max_time_width: int = 10  # frames per mask (200 ms at the connected models' 20 ms hop)

    def __call__(self, features: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
        """features [frames, n_mels] -> a masked copy."""
        frames, channels = features.shape
        keep = torch.ones_like(features)
        for _ in range(self.freq_masks):
            width = int(rng.integers(0, self.max_freq_width + 1))
            start = int(rng.integers(0, channels - width + 1))
            keep[:, start:start + width] = 0
        longest = min(self.max_time_width, int(self.max_time_fraction * frames))
        for _ in range(self.time_masks):
            width = int(rng.integers(0, longest + 1))
            start = int(rng.integers(0, frames - width + 1))
            keep[start:start + width, :] = 0
        return features * keep


@dataclass(frozen=True)
class TimeStretch:
    """A share of training utterances said slower, on their features: the frames resampled in time
    (linear interpolation between neighbours) so that each of up to `max_pieces` stretches of the
    utterance lasts its own factor of 1 to `max_factor` times as long. Spectra are kept, as a
    slower speaker keeps their pitch and formants; a piece of its own (a long onset "s", a held
    nasal) is lengthened as a careful speaker does, not only the whole at one rate. A training
    augmentation for every voice the mix draws (synthetic ones too), never served."""
    share: float = 0.3
    max_factor: float = 1.8
    max_pieces: int = 3

    def __call__(self, features: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
        """features [frames, n_mels] -> [stretched frames, n_mels] (the same tensor when not drawn)."""
        frames = features.shape[0]
        if frames < 2 or rng.random() >= self.share:
            return features
        pieces = int(rng.integers(1, self.max_pieces + 1))
        cuts = np.sort(rng.uniform(0, frames - 1, pieces - 1))
        bounds = np.concatenate([[0.0], cuts, [frames - 1.0]])  # input positions
        factors = rng.uniform(1.0, self.max_factor, pieces)
        out_bounds = np.concatenate([[0.0], np.cumsum(np.diff(bounds) * factors)])
        positions = np.interp(np.arange(int(out_bounds[-1]) + 1), out_bounds, bounds)
        below = torch.from_numpy(np.floor(positions).astype(np.int64)).to(features.device)
        above = torch.clamp(below + 1, max=frames - 1)
        weight = torch.from_numpy(positions - np.floor(positions)).to(features)[:, None]
        stretched = features[below] * (1 - weight) + features[above] * weight
        # The server removes the mean of what it hears, the slower utterance's: so here, keeping the
        # input's own mean (0 after per-utterance mean removal).
        return stretched - stretched.mean(dim=0, keepdim=True) + features.mean(dim=0, keepdim=True)


def compose(*augments):
    """The feature augmentations that are not None, applied in order; None when there are none."""
    chosen = [a for a in augments if a is not None]
    if not chosen:
        return None

    def apply(features, rng):
        for augment in chosen:
            features = augment(features, rng)
        return features
    return apply


class LogMel(torch.nn.Module):
    """Samples [batch, n] (float, -1..1) -> features [batch, frames, n_mels]."""

    def __init__(self, cfg: LogMelConfig = DEFAULT_CONFIG):
        super().__init__()
        self.cfg = cfg
        n = torch.arange(cfg.win_length, dtype=torch.float64)
        window = 0.5 - 0.5 * torch.cos(2.0 * np.pi * n / cfg.win_length)
        self.register_buffer("window", window.float(), persistent=False)
        self.register_buffer("fbank", torch.from_numpy(mel_filterbank(cfg)).float(), persistent=False)
        self._warped = {}  # VTLP filterbanks by warp factor (rounded to 0.01, so few are built)

    def frames(self, n_samples: int) -> int:
        return 1 + (max(n_samples, self.cfg.win_length) - self.cfg.win_length) // self.cfg.hop_length

    def filterbank(self, warp: float) -> torch.Tensor:
        warp = round(warp, 2)
        if warp == 1.0:
            return self.fbank
        if warp not in self._warped:
            self._warped[warp] = torch.from_numpy(mel_filterbank(self.cfg, warp)).float().to(self.fbank.device)
        return self._warped[warp]

    def forward(self, x: torch.Tensor, warp: float = 1.0) -> torch.Tensor:
        """`warp`: the vocal-tract-length factor of a training augmentation (1: none, as served)."""
        cfg = self.cfg
        if x.shape[-1] < cfg.win_length:
            x = torch.nn.functional.pad(x, (0, cfg.win_length - x.shape[-1]))
        framed = x.unfold(-1, cfg.win_length, cfg.hop_length) * self.window
        spec = torch.fft.rfft(framed, n=cfg.n_fft)
        power = spec.real ** 2 + spec.imag ** 2
        logmel = torch.log(power @ self.filterbank(warp) + cfg.log_offset)
        if cfg.normalize == "per-utterance-mean":
            logmel = logmel - logmel.mean(dim=-2, keepdim=True)
        elif cfg.normalize != "none":
            raise ValueError(f"unknown normalize {cfg.normalize!r}, expected per-utterance-mean or none")
        return logmel


def logmel_numpy(samples: np.ndarray, cfg: LogMelConfig = DEFAULT_CONFIG) -> np.ndarray:
    """Reference implementation in float64 numpy, for tests and golden vectors: [frames, n_mels]."""
    x = np.asarray(samples, dtype=np.float64)
    if len(x) < cfg.win_length:
        x = np.pad(x, (0, cfg.win_length - len(x)))
    n_frames = 1 + (len(x) - cfg.win_length) // cfg.hop_length
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(cfg.win_length) / cfg.win_length)
    idx = np.arange(cfg.win_length)[None, :] + cfg.hop_length * np.arange(n_frames)[:, None]
    spec = np.fft.rfft(x[idx] * window, n=cfg.n_fft)
    logmel = np.log((np.abs(spec) ** 2) @ mel_filterbank(cfg) + cfg.log_offset)
    if cfg.normalize == "per-utterance-mean":
        logmel -= logmel.mean(axis=0, keepdims=True)
    return logmel
