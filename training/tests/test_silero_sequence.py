"""models/silero-vad/sequence.onnx is what sequence.py derives from the vendored Silero graph.

The numbers are checked in Java (SileroVadTest: the same probabilities as Silero's own graph); this
checks that the committed file is not stale against its script.
"""

import importlib.util
import pathlib

import onnx

BUNDLE = pathlib.Path(__file__).resolve().parents[2] / "models" / "silero-vad"


def load_script():
    spec = importlib.util.spec_from_file_location("silero_sequence", BUNDLE / "sequence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_sequence_graph_is_what_the_script_derives():
    derived = load_script().derive(onnx.load(BUNDLE / "model.onnx"))
    assert derived.SerializeToString() == (BUNDLE / "sequence.onnx").read_bytes()


def test_the_sequence_graph_takes_chunks_and_state_and_has_no_branches():
    graph = load_script().derive(onnx.load(BUNDLE / "model.onnx")).graph
    assert [i.name for i in graph.input] == ["input", "state"]
    assert [o.name for o in graph.output] == ["output", "stateN"]
    ops = [n.op_type for n in graph.node]
    assert ops.count("LSTM") == 1 and "If" not in ops


def test_the_convolutions_take_all_chunks_as_one_image_one_row_each():
    graph = load_script().derive(onnx.load(BUNDLE / "model.onnx")).graph
    kernels = [
        onnx.helper.get_attribute_value(a)
        for n in graph.node if n.op_type == "Conv"
        for a in n.attribute if a.name == "kernel_shape"
    ]
    assert len(kernels) == 5  # the STFT and the four encoder layers
    assert all(len(k) == 2 and k[0] == 1 for k in kernels)
