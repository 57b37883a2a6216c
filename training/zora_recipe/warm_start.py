"""Reads a shipped digits-transformer bundle's ONNX weights back into a SpeechTransformer, so a
new data mix can continue from the released model instead of from scratch (the checkpoints under
runs/ are not committed, the bundles are).

The export keeps biases and norms under their module names (prefixed `model.`), while each
Linear's weight becomes an anonymous, transposed MatMul initializer: it is found through the Add
that applies the Linear's named bias to the MatMul's output. The exporter shares initializers
whose values are equal, so this reads trained bundles (where no two tensors are alike), not a
freshly initialised model's export.
"""
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .transformer import SpeechTransformer


def onnx_state(path: Path):
    graph = onnx.load(str(path)).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    state = {k[len("model."):]: v for k, v in values.items() if k.startswith("model.")}
    for add in (n for n in graph.node if n.op_type == "Add"):
        bias = next((i for i in add.input if i.startswith("model.") and i.endswith(".bias")), None)
        matmul = next((producer.get(i) for i in add.input if producer.get(i) is not None
                       and producer[i].op_type == "MatMul"), None)
        if bias and matmul:
            weight = next((values[i] for i in matmul.input if i in values), None)
            if weight is not None:
                state[bias[len("model."):-len(".bias")] + ".weight"] = weight.T
    return state


def load_bundle(model: torch.nn.Module, bundle: Path):
    """Copies every weight of `bundle` (encoder.onnx, decoder.onnx) into `model`; fails naming any
    parameter it could not find, rather than training on from a half-loaded model."""
    state = {}
    for file in ("encoder.onnx", "decoder.onnx"):
        state.update(onnx_state(Path(bundle) / file))
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    if missing:
        raise ValueError(f"{bundle}: no weights for {missing[:5]} ({len(missing)} in all)")
    for k, v in own.items():
        if tuple(v.shape) != tuple(state[k].shape):
            raise ValueError(f"{bundle}: {k} is {state[k].shape} in the bundle, {tuple(v.shape)} in the model")
    model.load_state_dict({k: torch.from_numpy(np.array(state[k])) for k in own})


def transformer_from_bundle(bundle: Path) -> SpeechTransformer:
    """A digits-transformer bundle as a SpeechTransformer in eval mode: what the sweeps score."""
    model = SpeechTransformer()
    load_bundle(model, Path(bundle))
    return model.eval()
