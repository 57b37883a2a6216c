"""Writes a model bundle: zora.json, golden vectors, and checks on what was exported."""
import inspect
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import soundfile as sf
import torch

from .features import LogMelConfig, logmel_numpy


class Exported(torch.nn.Module):
    """One way of running a model, as the `forward` that torch.onnx.export traces."""

    def __init__(self, model, outputs):
        super().__init__()
        self.model = model
        self.outputs = outputs

    def forward(self, *inputs):
        return self.outputs(self.model, *inputs)


def write_manifest(bundle_dir: Path, manifest: dict):
    bundle_dir.mkdir(parents=True, exist_ok=True)
    (bundle_dir / "zora.json").write_text(json.dumps(manifest, indent=2) + "\n")


GOLDEN_NOTICE = """\
The fsdd-* clips here are recordings from the Free Spoken Digit Dataset (Zohar Jackson et al.,
Zenodo DOI 10.5281/zenodo.1342401), licensed CC-BY-SA-4.0, resampled or joined by Zora's recipe
and saved as 16-bit WAV. The espeak-* clips were synthesised with espeak-ng; room-tone is noise.
"""


def start_golden(bundle_dir: Path):
    """Removes the golden vectors of an earlier export (they would not match the new weights) and
    writes the attribution the FSDD clips need."""
    golden = bundle_dir / "golden"
    shutil.rmtree(golden, ignore_errors=True)
    golden.mkdir(parents=True)
    (golden / "NOTICE").write_text(GOLDEN_NOTICE)


def quantise_16bit(samples: np.ndarray) -> np.ndarray:
    """The samples a 16-bit WAV of `samples` decodes back to (what the server will read)."""
    q = np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)
    return q.astype(np.float32) / 32768.0


def write_golden(bundle_dir: Path, name: str, samples: np.ndarray, cfg: LogMelConfig, run_model,
                 label=None):
    """Writes golden/<name>.wav and golden/<name>.json; `run_model(features[1,T,F]) -> {name: array}`."""
    golden = bundle_dir / "golden"
    golden.mkdir(parents=True, exist_ok=True)
    pcm = quantise_16bit(samples)
    sf.write(golden / f"{name}.wav", pcm, cfg.sample_rate, subtype="PCM_16")
    features = logmel_numpy(pcm, cfg).astype(np.float32)
    outputs = run_model(features[None])
    doc = {
        "wav": f"{name}.wav",
        "sampleRate": cfg.sample_rate,
        "frames": int(features.shape[0]),
        "nMels": int(features.shape[1]),
        "logmel": [round(float(v), 6) for v in features.ravel()],
        "outputs": {k: [float(x) for x in np.asarray(v).ravel()] for k, v in outputs.items()},
        "label": label,
    }
    (golden / f"{name}.json").write_text(json.dumps(doc) + "\n")


def export_onnx(module, example, onnx_path: Path, input_names, output_names, dynamic_axes):
    """torch.onnx.export at opset 17 with the TorchScript exporter, on PyTorch 1.13 and 2.x alike.
    Newer PyTorch defaults to the dynamo exporter, which wants dynamic_shapes instead of
    dynamic_axes and does not keep the tensor names the bundles expose; 1.13 has only the former."""
    options = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(module, example, str(onnx_path), opset_version=17, input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic_axes, **options)


def keep_named_intermediates(onnx_path: Path, graph_outputs):
    """Export returns the layer tensors as outputs so they get stable names; serving needs only
    `graph_outputs`, so the rest are dropped from the graph's outputs (their tensors keep the names)."""
    model = onnx.load(str(onnx_path))
    keep = [o for o in model.graph.output if o.name in graph_outputs]
    del model.graph.output[:]
    model.graph.output.extend(keep)
    onnx.checker.check_model(model)
    onnx.save(model, str(onnx_path))


def tensor_names(onnx_path: Path):
    model = onnx.load(str(onnx_path))
    return {o for node in model.graph.node for o in node.output}
