#!/usr/bin/env python3
"""Word error rate and latency of a running Zora server on the recipe's held-out digit strings.

Reads the strings the training recipe evaluates on from its cache (written by training, e.g.
training/cache/fsdd_strings_validation.npz), sends each one as a float32 WAV to
POST /v1/transcriptions, and compares the text with the spoken words exactly as the recipe's
word_error_rate does (edit distance over words / reference words). Needs numpy only.

  python3 bench/rest_wer.py --url http://127.0.0.1:8080 --model digits-transformer \\
      --strings training/cache/fsdd_strings_validation.npz --count 20
"""
import argparse
import json
import statistics
import struct
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

# The recipe's own word error count, so REST and PyTorch numbers are computed the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from zora_recipe.wer import edit_distance  # noqa: E402

RATE = 8000


def load_strings(path):
    # The recipe's save_clips layout: every clip's samples concatenated, with their lengths.
    with np.load(path) as z:
        samples, lengths, words = z["samples"], z["lengths"], z["words"]
    ends = np.cumsum(lengths)
    return [(samples[e - n:e].astype(np.float32), json.loads(w)) for e, n, w in zip(ends, lengths, words)]


def float_wav(samples):
    data = samples.astype("<f4").tobytes()
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 3, 1, RATE, RATE * 4, 4, 32)
            + b"data" + struct.pack("<I", len(data)) + data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--model", default="digits-transformer")
    p.add_argument("--strings", required=True)
    p.add_argument("--count", type=int, default=20)
    args = p.parse_args()
    errors = words = 0
    latencies, audio_seconds = [], 0.0
    for samples, reference in load_strings(args.strings)[:args.count]:
        request = urllib.request.Request(f"{args.url}/v1/transcriptions?model={args.model}", data=float_wav(samples),
                                         headers={"Content-Type": "audio/wav"})
        start = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        latencies.append(time.perf_counter() - start)
        audio_seconds += len(samples) / RATE
        hypothesis = answer["text"].split()
        errors += edit_distance(list(reference), hypothesis)
        words += len(reference)
    print(f"{args.model}: WER {errors / words:.4f} ({errors} errors / {words} words, {len(latencies)} strings); "
          f"latency median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
          f"real-time factor {sum(latencies) / audio_seconds:.3f}")


if __name__ == "__main__":
    main()
