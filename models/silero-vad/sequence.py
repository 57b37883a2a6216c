"""Derives sequence.onnx from Silero's model.onnx: the same 8 kHz network, run over many
consecutive chunks of one stream in one call instead of one chunk per call.

Silero's graph takes one 32 ms chunk per run (``input [batch, 288]``, one chunk per stream of a
batch) and carries its LSTM state out to the caller. Per run it evaluates an ``If`` on ``sr`` and,
inside, shape tests in further ``If`` nodes around an LSTM of one step: on a 2-core machine about
90 us a chunk, three quarters of it outside the convolutions (``VadBenchmark``). This script keeps
the 8 kHz branch's STFT and encoder convolutions with their weights, and replaces the decoder's
per-chunk LSTM cell with one ONNX ``LSTM`` node over the sequence of chunks, with the same weights.
The convolutions take every chunk at once as one image: Silero's 1-D convolutions over a batch of
chunks (``[chunks, channels, 4 frames]``) become 2-D ones over ``[1, channels, chunks, frames]``
with a kernel one row high, the same sums in one matrix product per layer where the batch of chunks
was many tiny ones (31 chunks, one thread, ONNX Runtime's profiler: 985 us a run with 1-D
convolutions, 371 us with 2-D), and the output convolution (kernel 1) is a ``Gemm``:

    input  [chunks, 288]   each chunk's 256 samples after the 32 before it
    state  [2, 1, 128]     the LSTM state before the first chunk (h, c)
    output [chunks, 1]     each chunk's speech probability
    stateN [2, 1, 128]     the state after the last chunk

The numbers are Silero's: ``SileroVadTest`` runs both graphs over real recordings and requires the
same probabilities. Deterministic: the same model.onnx gives the same bytes (with the same onnx).

    /usr/bin/python3 models/silero-vad/sequence.py    # needs python3-onnx and python3-numpy
"""

import hashlib
import pathlib

import numpy as np
import onnx
from onnx import helper, numpy_helper

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "If_0_else_branch__Inline_0_"  # the 8 kHz branch of the graph's If on sr == 16000
ENCODER_OUTPUT = PREFIX + "_/encoder/3/activation/Relu_output_0"
HIDDEN = 128


def eight_khz_branch(model: onnx.ModelProto) -> onnx.GraphProto:
    (branch_on_rate,) = [n for n in model.graph.node if n.op_type == "If"]
    return {a.name: a.g for a in branch_on_rate.attribute}["else_branch"]


def constant(branch: onnx.GraphProto, name: str) -> np.ndarray:
    for node in branch.node:
        if node.op_type == "Constant" and node.output[0] == PREFIX + "_" + name:
            return numpy_helper.to_array(node.attribute[0].t)
    raise KeyError(name)


def needed_for(branch: onnx.GraphProto, output: str) -> list:
    """The branch's nodes that ``output`` depends on, in the branch's order."""
    wanted, kept = {output}, []
    for node in reversed(branch.node):
        if wanted.intersection(node.output):
            kept.append(node)
            wanted.update(node.input)
    if not kept:
        raise ValueError("no node computes " + output + " in the 8 kHz branch")
    return kept[::-1]


def onnx_gate_order(weights: np.ndarray) -> np.ndarray:
    """PyTorch stacks an LSTM's gates as input, forget, cell, output; ONNX as input, output, forget, cell."""
    i, f, g, o = np.split(weights, 4, axis=0)
    return np.concatenate([i, o, f, g], axis=0)


def chunks_as_rows(encoder: list, branch: onnx.GraphProto) -> tuple:
    """The encoder with its chunks as the rows of one image: the STFT's input goes in as
    ``[1, 1, chunks, samples]`` rather than ``[chunks, 1, samples]``, and each 1-D convolution
    becomes a 2-D one whose kernel is one row high, so no output mixes two chunks. The slices and
    element-wise nodes between them act on the channel axis (1) or are whole-axis, so they stay."""
    weights = {n.output[0]: n for n in encoder if n.op_type == "Constant"}
    nodes, initializers = [], [numpy_helper.from_array(np.array([0, 1], np.int64), "axes01")]
    for node in encoder:
        if node.op_type == "Unsqueeze" and node.output[0] == PREFIX + "_/stft/Unsqueeze_output_0":
            node = helper.make_node("Unsqueeze", [node.input[0], "axes01"], node.output, name=node.name)
        elif node.op_type == "Conv":
            a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
            assert a["dilations"] == [1] and a["group"] == 1, node.name
            weight = numpy_helper.to_array(weights[node.input[1]].attribute[0].t)
            row_kernel = node.input[1] + ".rows"
            initializers.append(numpy_helper.from_array(weight[:, :, None, :], row_kernel))
            node = helper.make_node(
                "Conv", [node.input[0], row_kernel, *node.input[2:]], node.output, name=node.name,
                kernel_shape=[1, *a["kernel_shape"]], strides=[1, *a["strides"]],
                pads=[0, a["pads"][0], 0, a["pads"][1]], dilations=[1, 1], group=1)
        nodes.append(node)
    used = {i for n in nodes for i in n.input}
    nodes = [n for n in nodes if n.op_type != "Constant" or n.output[0] in used]
    return nodes, initializers


def derive(model: onnx.ModelProto) -> onnx.ModelProto:
    branch = eight_khz_branch(model)
    encoder, row_initializers = chunks_as_rows(needed_for(branch, ENCODER_OUTPUT), branch)

    w = onnx_gate_order(constant(branch, "decoder.rnn.weight_ih"))[None]
    r = onnx_gate_order(constant(branch, "decoder.rnn.weight_hh"))[None]
    b = np.concatenate(
        [onnx_gate_order(constant(branch, "decoder.rnn.bias_ih")),
         onnx_gate_order(constant(branch, "decoder.rnn.bias_hh"))])[None]
    initializers = [
        numpy_helper.from_array(w.astype(np.float32), "lstm.W"),
        numpy_helper.from_array(r.astype(np.float32), "lstm.R"),
        numpy_helper.from_array(b.astype(np.float32), "lstm.B"),
        numpy_helper.from_array(constant(branch, "decoder.decoder.2.weight")[:, :, 0], "decoder.weight"),
        numpy_helper.from_array(constant(branch, "decoder.decoder.2.bias"), "decoder.bias"),
        *row_initializers,
        numpy_helper.from_array(np.array([0], np.int64), "axis0"),
        numpy_helper.from_array(np.array([0, 3], np.int64), "axes03"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array([1, 2], np.int64), "axes12"),
        numpy_helper.from_array(np.array([0], np.int64), "start0"),
        numpy_helper.from_array(np.array([1], np.int64), "start1"),
        numpy_helper.from_array(np.array([2], np.int64), "end2"),
    ]
    decoder = [
        # [1, 128, chunks, 1] -> [chunks, 1, 128]: a sequence of chunks of one stream (batch 1)
        helper.make_node("Squeeze", [ENCODER_OUTPUT, "axes03"], ["rows"], name="/decoder/Squeeze"),
        helper.make_node("Transpose", ["rows"], ["features"], name="/decoder/Transpose", perm=[1, 0]),
        helper.make_node("Unsqueeze", ["features", "axis1"], ["sequence"], name="/decoder/Unsqueeze"),
        helper.make_node("Slice", ["state", "start0", "start1", "axis0"], ["h0"], name="/decoder/h0"),
        helper.make_node("Slice", ["state", "start1", "end2", "axis0"], ["c0"], name="/decoder/c0"),
        helper.make_node("LSTM", ["sequence", "lstm.W", "lstm.R", "lstm.B", "", "h0", "c0"],
                         ["hidden", "h", "c"], name="/decoder/rnn/LSTM", hidden_size=HIDDEN),
        helper.make_node("Concat", ["h", "c"], ["stateN"], name="/decoder/state", axis=0),
        # [chunks, 1, 1, 128] -> [chunks, 128]; the output convolution (kernel 1) as a matrix product
        helper.make_node("Squeeze", ["hidden", "axes12"], ["hiddenFlat"], name="/decoder/rnn/Squeeze"),
        helper.make_node("Relu", ["hiddenFlat"], ["relu"], name="/decoder/decoder/1/Relu"),
        helper.make_node("Gemm", ["relu", "decoder.weight", "decoder.bias"], ["logit"],
                         name="/decoder/decoder/2/Conv", transB=1),
        helper.make_node("Sigmoid", ["logit"], ["output"], name="/decoder/decoder/3/Sigmoid"),
    ]
    graph = helper.make_graph(
        encoder + decoder,
        "silero_vad_v5_8k_sequence",
        inputs=[
            helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["chunks", 288]),
            helper.make_tensor_value_info("state", onnx.TensorProto.FLOAT, [2, 1, HIDDEN]),
        ],
        outputs=[
            helper.make_tensor_value_info("output", onnx.TensorProto.FLOAT, ["chunks", 1]),
            helper.make_tensor_value_info("stateN", onnx.TensorProto.FLOAT, [2, 1, HIDDEN]),
        ],
        initializer=initializers,
    )
    derived = helper.make_model(
        graph,
        opset_imports=list(model.opset_import),
        producer_name="zora models/silero-vad/sequence.py",
        doc_string="Silero VAD v5 (MIT, Silero Team), 8 kHz branch, decoder LSTM over a sequence of chunks",
    )
    derived.ir_version = model.ir_version
    onnx.checker.check_model(derived)
    return derived


def main() -> None:
    source = HERE / "model.onnx"
    target = HERE / "sequence.onnx"
    data = derive(onnx.load(source)).SerializeToString()
    target.write_bytes(data)
    print(f"{target.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"
          f" (from model.onnx, sha256 {hashlib.sha256(source.read_bytes()).hexdigest()})")


if __name__ == "__main__":
    main()
