"""The benchmark peer's speech detector: Silero VAD v5's 8 kHz network in PyTorch, with the weights
of Zora's own silero-vad bundle, and the file endpoint rules Zora applies to its probabilities.

Zora runs Silero before every transcription by default (issue 20), so a peer that sends the whole
clip straight to the classifier does less work than Zora for the same answer. With this the peer
does the same: Silero's probability for each 32 ms chunk, speech spans from them, and the digit
classifier on each span. The network is Silero's 8 kHz branch node for node (reflect-padded STFT as
a convolution, four convolutions, an LSTM, a 1x1 convolution); like Zora's `sequence.onnx` it runs
the convolutions over all chunks of a recording at once and the LSTM over them in one call, which
is how a Python user who cares about speed would run it.

Python has no ONNX Runtime on this machine, so the weights are read from `model.onnx` with onnx
(the 8 kHz branch found by the bundle's own `sequence.py`, which derives Zora's `sequence.onnx`)
and checked against the probabilities Zora computes (tests/test_peer_vad.py).
"""
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F

CHUNK = 256  # samples of a chunk at 8 kHz (32 ms)
CONTEXT = 32  # samples of the previous chunk each chunk is run with
STRIDES = (1, 2, 2, 1)  # of the four encoder convolutions


def _bundle_script(bundle: Path):
    """The bundle's sequence.py, which knows where the 8 kHz branch and its weights are in model.onnx."""
    spec = importlib.util.spec_from_file_location("silero_sequence", bundle / "sequence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SileroVad(torch.nn.Module):
    """Samples at 8 kHz -> one speech probability per 256-sample chunk (the last chunk zero-padded),
    and the utterances those probabilities make by Zora's file endpoint rules (`spans`)."""

    def __init__(self, bundle: Path):
        super().__init__()
        bundle = Path(bundle)
        script = _bundle_script(bundle)
        branch = script.eight_khz_branch(onnx.load(str(bundle / "model.onnx")))

        def c(name):
            return torch.from_numpy(script.constant(branch, name).copy())

        thresholds = json.loads((bundle / "zora.json").read_text())["vad"]
        self.rules = EndpointRules(thresholds["threshold"], thresholds["negativeThreshold"])
        self.basis = c("stft.forward_basis_buffer")  # [2 * 65, 1, 128]: real and imaginary parts
        self.convs = [(c(f"encoder.{i}.reparam_conv.weight"), c(f"encoder.{i}.reparam_conv.bias"), s)
                      for i, s in enumerate(STRIDES)]
        self.lstm = torch.nn.LSTM(128, 128)
        with torch.no_grad():
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(self.lstm, f"{name}_l0").copy_(c(f"decoder.rnn.{name}"))
        self.out_weight, self.out_bias = c("decoder.decoder.2.weight"), c("decoder.decoder.2.bias")

    @torch.no_grad()
    def forward(self, samples: np.ndarray) -> np.ndarray:
        x = torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))
        x = F.pad(x, (CONTEXT, -len(x) % CHUNK))  # zeros before the first chunk, as a stream starts
        chunks = x.unfold(0, CHUNK + CONTEXT, CHUNK)  # [n, 288]
        padded = F.pad(chunks[:, None, :], (0, CONTEXT), mode="reflect")
        spectrum = F.conv1d(padded, self.basis, stride=CHUNK // 4)
        half = spectrum.shape[1] // 2
        h = torch.sqrt(spectrum[:, :half] ** 2 + spectrum[:, half:] ** 2)
        for weight, bias, stride in self.convs:
            h = F.relu(F.conv1d(h, weight, bias, stride=stride, padding=1))
        hidden, _ = self.lstm(h[:, None, :, 0])  # the chunks as one sequence: [n, 1, 128]
        logits = F.conv1d(F.relu(hidden[:, 0, :, None]), self.out_weight, self.out_bias)
        return torch.sigmoid(logits)[:, 0, 0].numpy()

    def spans(self, samples: np.ndarray) -> list:
        """(start, end) sample ranges of the utterances Zora would cut the recording into."""
        return speech_spans(self(samples), len(samples), self.rules)


@dataclass(frozen=True)
class EndpointRules:
    """A detector's thresholds (a chunk is speech from `threshold`, and once in speech until below
    `negative_threshold`), with Zora's endpoint rules for files: 50 ms of speech to start an
    utterance, 0.8 s of silence to end one, 0.5 s of padding."""
    threshold: float
    negative_threshold: float
    onset_seconds: float = 0.05
    hangover_seconds: float = 0.8
    padding_seconds: float = 0.5


def speech_spans(probabilities: np.ndarray, n_samples: int, rules: EndpointRules, rate: int = 8000) -> list:
    """(start, end) sample ranges of the utterances in a recording, padded and clipped to it."""
    chunk_seconds = CHUNK / rate
    onset = max(1, round(rules.onset_seconds / chunk_seconds))
    hangover = max(1, round(rules.hangover_seconds / chunk_seconds))
    spans, start, run, quiet = [], None, 0, 0
    for i, p in enumerate(probabilities):
        if start is None:
            run = run + 1 if p >= rules.threshold else 0
            if run >= onset:
                start, quiet = i - run + 1, 0
        else:
            quiet = quiet + 1 if p < rules.negative_threshold else 0
            if quiet >= hangover:
                spans.append((start, i - quiet + 1))
                start, run = None, 0
    if start is not None:
        spans.append((start, len(probabilities)))
    pad = round(rules.padding_seconds * rate)
    return [(max(0, a * CHUNK - pad), min(n_samples, b * CHUNK + pad)) for a, b in spans]
