"""The benchmark peer: digits-cnn served by a minimal Python HTTP server on PyTorch eager, what a
Python user would run instead of Zora. The comparison is fair: the same weights (read from the
shipped ONNX bundle, where batch normalisation is folded into each convolution's weights and bias),
the recipe's own front end (features.LogMel) and model class (cnn.DigitsCnn), and the same work for
the same request: like Zora by default it finds the speech with Silero VAD (peer_vad: the same
network and weights, Zora's endpoint rules) and classifies each utterance (POST /v1/transcriptions
with a WAV body -> {"text", "segments": [{"label", "probabilities", "start", "end"}]}). With
`--vad none` it classifies the whole clip, less work than Zora's default (Zora's `vad=energy` is
the nearer match then).

    /usr/bin/python3 -m zora_recipe.peer_server --port 8090 [--bundle ../models/digits-cnn] [--threads 0] [--vad silero]
"""
import argparse
import io
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import onnx
import soundfile as sf
import torch
from onnx import numpy_helper

from .audio import resample
from .cnn import LABELS, DigitsCnn
from .features import LogMel
from .peer_vad import SileroVad
from .train_cnn import CFG


def load_from_onnx(bundle: Path) -> DigitsCnn:
    """DigitsCnn with the bundle's weights. Each exported Conv carries the folded conv+BN weights
    and bias; the module's BatchNorm becomes the identity plus that bias."""
    graph = onnx.load(str(bundle / "model.onnx")).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    model = DigitsCnn().eval()
    if len(convs) != len(model.blocks):
        raise ValueError(f"{bundle} has {len(convs)} Conv nodes, DigitsCnn {len(model.blocks)} blocks")
    with torch.no_grad():
        for block, conv in zip(model.blocks, convs, strict=True):
            block.conv.weight.copy_(weights[conv.input[1]])
            block.norm.weight.fill_(1.0)
            block.norm.bias.copy_(weights[conv.input[2]])
            block.norm.running_mean.zero_()
            block.norm.running_var.fill_(1.0 - block.norm.eps)  # (x - 0) / sqrt(var + eps) = x
        model.classifier.weight.copy_(weights["model.classifier.weight"])
        model.classifier.bias.copy_(weights["model.classifier.bias"])
    return model


class Transcriber:
    def __init__(self, bundle: Path, vad: SileroVad | None):
        self.model = load_from_onnx(bundle)
        self.frontend = LogMel(CFG)
        self.vad = vad

    @torch.no_grad()
    def transcribe(self, wav: bytes) -> dict:
        samples, rate = sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)
        mono = samples.mean(axis=1)
        if rate != CFG.sample_rate:
            mono = resample(mono, rate, CFG.sample_rate)
        mono = np.ascontiguousarray(mono, dtype=np.float32)
        spans = self.vad.spans(mono) if self.vad else [(0, len(mono))]
        segments = [self.classify(mono[start:end]) | {"start": start / CFG.sample_rate, "end": end / CFG.sample_rate}
                    for start, end in spans]
        return {"text": " ".join(s["label"] for s in segments), "segments": segments}

    def classify(self, samples: np.ndarray) -> dict:
        logits = self.model(self.frontend(torch.from_numpy(samples)[None]))
        probabilities = logits.softmax(-1)[0].tolist()
        best = int(np.argmax(probabilities))
        return {"label": LABELS[best], "probabilities": dict(zip(LABELS, probabilities, strict=True))}


def serve(port: int, bundle: Path, threads: int, vad: SileroVad | None):
    if threads > 0:
        torch.set_num_threads(threads)
    transcriber = Transcriber(bundle, vad)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK would add ~40 ms to every answer, which is not PyTorch's cost.
        disable_nagle_algorithm = True

        def do_POST(self):
            if not self.path.startswith("/v1/transcriptions"):
                self.send_error(404)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                answer, status = transcriber.transcribe(body), 200
            except Exception as e:  # the peer answers like a careless server would: 400 with the reason
                answer, status = {"detail": str(e)}, 400
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        # socketserver's default backlog of 5 overflows under 16 clients once a request takes the
        # GIL for milliseconds (Silero on a 44.1 kHz clip): the kernel then resets connections.
        request_queue_size = 128

    Server(("127.0.0.1", port), Handler).serve_forever()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8090)
    p.add_argument("--bundle", default=str(Path(__file__).resolve().parents[2] / "models" / "digits-cnn"))
    p.add_argument("--threads", type=int, default=0, help="PyTorch threads; 0 keeps PyTorch's default")
    p.add_argument("--vad", choices=["silero", "none"], default="silero",
                   help="find the speech with Silero first, as Zora does by default, or classify the whole clip")
    args = p.parse_args()
    models = Path(args.bundle).resolve().parent
    serve(args.port, Path(args.bundle), args.threads, SileroVad(models / "silero-vad") if args.vad == "silero" else None)


if __name__ == "__main__":
    main()
