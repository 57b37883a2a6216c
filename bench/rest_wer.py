#!/usr/bin/env python3
"""Word error rate and latency of a running Zora server on the recipe's held-out digit strings.

Reads the strings the training recipe evaluates on from its cache (written by training, e.g.
training/cache/fsdd_strings_validation.npz), sends each one as a float32 WAV to
POST /v1/transcriptions (or, with --streams N, plays them at real-time pace into N live streams at
once on /v1/stream, 20 ms frames of 16-bit PCM), and compares the text with the spoken words
exactly as the recipe's word_error_rate does (edit distance over words / reference words).
--vad silero|energy picks the speech detector (the server's default when absent). Needs numpy, and
for --streams the websocket-client package (Debian: python3-websocket).

  python3 bench/rest_wer.py --url http://127.0.0.1:8080 --model digits-transformer \\
      --strings training/cache/fsdd_strings_validation.npz --count 20 [--vad silero] [--streams 8]
"""
import argparse
import collections
import json
import math
import statistics
import struct
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import scipy.signal

# The recipe's own word error count, so REST and PyTorch numbers are computed the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from zora_recipe.wer import edit_distance  # noqa: E402

RATE = 8000


def load_strings(path):
    # The recipe's save_clips layout: every clip's samples concatenated, with their lengths.
    with np.load(path) as z:
        samples, lengths, words = z["samples"], z["lengths"], z["words"]
    ends = np.cumsum(lengths)
    return [(samples[e - n:e].astype(np.float32), json.loads(w)) for e, n, w in zip(ends, lengths, words, strict=True)]


def load_speakers(path):
    # Who said each string, where the set records it (the synthetic and held-out speaker sets do).
    with np.load(path) as z:
        return [str(s) for s in z["speakers"]] if "speakers" in z.files else None


def by_speaker(speakers, strings, answers):
    """Each speaker's word error rate, and the words most often heard as another (same-length answers)."""
    errors, words, swaps = collections.Counter(), collections.Counter(), collections.Counter()
    for speaker, (_, reference), (heard, _) in zip(speakers, strings, answers, strict=False):
        errors[speaker] += edit_distance(list(reference), heard)
        words[speaker] += len(reference)
        if len(heard) == len(reference):
            swaps.update((said, got) for said, got in zip(reference, heard, strict=True) if said != got)
    for speaker in sorted(words):
        print(f"  {speaker}: WER {errors[speaker] / words[speaker]:.4f} ({errors[speaker]} / {words[speaker]} words)")
    print("  heard as another word: " + ", ".join(f"{said} as {got} {n}x" for (said, got), n in swaps.most_common(8)))


def float_wav(samples, rate=RATE):
    """A 32-bit float WAV of 8 kHz `samples`, resampled to `rate` first (as a client at that rate sends)."""
    if rate != RATE:
        g = math.gcd(rate, RATE)
        samples = scipy.signal.resample_poly(samples, rate // g, RATE // g)
    data = samples.astype("<f4").tobytes()
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 3, 1, rate, rate * 4, 4, 32)
            + b"data" + struct.pack("<I", len(data)) + data)


FRAME = RATE // 50  # 20 ms, as a microphone delivers it


def over_rest(args, strings):
    """(hypothesis words, seconds to the answer) of each string sent as one file."""
    query = f"model={args.model}" + (f"&vad={args.vad}" if args.vad else "")
    out = []
    for samples, _ in strings:
        request = urllib.request.Request(f"{args.url}/v1/transcriptions?{query}", data=float_wav(samples, args.rate),
                                         headers={"Content-Type": "audio/wav"})
        start = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        out.append((answer["text"].split(), time.perf_counter() - start))
    return out


def play(url, model, vad, samples):
    """Streams one string at real-time pace; returns its finals' words and the wait after the last frame."""
    import websocket  # only the streaming mode needs it
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "/v1/stream", timeout=30)
    start = {"type": "start", "model": model, "sampleRate": RATE, "encoding": "pcm_s16le", "interimResults": False}
    if vad:
        start["vad"] = vad
    ws.send(json.dumps(start))
    ready = json.loads(ws.recv())
    if ready.get("type") != "ready":
        raise RuntimeError(f"stream refused: {ready}")
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    began = time.perf_counter()
    for i in range(0, len(pcm), FRAME):
        delay = began + (i + FRAME) / RATE - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        ws.send_binary(pcm[i:i + FRAME].tobytes())
    sent = time.perf_counter()
    ws.send(json.dumps({"type": "stop"}))
    words = []
    while True:
        try:
            message = ws.recv()
        except websocket.WebSocketConnectionClosedException:
            break
        if not message:
            break
        event = json.loads(message)
        if event.get("type") == "final":
            words += event["text"].split()
        elif event.get("type") == "error":
            raise RuntimeError(f"stream failed: {event}")
    ws.close()
    return words, time.perf_counter() - sent


def over_streams(args, strings):
    """The strings played into args.streams live streams at once, each stream taking the next string."""
    out = [None] * len(strings)
    next_index = iter(range(len(strings)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            out[i] = play(args.url, args.model, args.vad, strings[i][0])

    threads = [threading.Thread(target=worker) for _ in range(args.streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--model", default="digits-transformer")
    p.add_argument("--strings", required=True)
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--vad", choices=["silero", "energy"], help="the speech detector; the server's default when absent")
    p.add_argument("--rate", type=int, default=RATE, help="send each file at this sample rate (REST only)")
    p.add_argument("--streams", type=int, default=0, help="play the strings into this many live streams at once")
    p.add_argument("--show-errors", action="store_true", help="print each string that came back wrong")
    p.add_argument("--by-speaker", action="store_true",
                   help="each speaker's WER and the commonest substitutions (sets that record speakers)")
    args = p.parse_args()
    if args.streams and args.rate != RATE:
        p.error("--rate is for files; a stream's rate is StreamBench's --rate")
    strings = load_strings(args.strings)[:args.count]
    answers = over_streams(args, strings) if args.streams else over_rest(args, strings)
    errors = sum(edit_distance(list(reference), heard) for (_, reference), (heard, _) in zip(strings, answers, strict=True))
    if args.show_errors:
        for i, ((_, reference), (heard, _)) in enumerate(zip(strings, answers, strict=True)):
            if list(reference) != heard:
                print(f"  {i}: said {' '.join(reference)} | heard {' '.join(heard)}")
    if args.by_speaker:
        speakers = load_speakers(args.strings)
        if speakers is None:
            p.error(f"{args.strings} records no speakers")
        by_speaker(speakers, strings, answers)
    words = sum(len(reference) for _, reference in strings)
    latencies = [seconds for _, seconds in answers]
    audio_seconds = sum(len(samples) for samples, _ in strings) / RATE
    how = f"{args.streams} streams" if args.streams else "REST"
    wait = "after the last frame" if args.streams else "latency"
    print(f"{args.model} ({how}, vad {args.vad or 'default'}): WER {errors / words:.4f} ({errors} errors / {words} words,"
          f" {len(latencies)} strings); {wait} median {statistics.median(latencies) * 1000:.0f} ms,"
          f" max {max(latencies) * 1000:.0f} ms" + ("" if args.streams else
                                                    f"; real-time factor {sum(latencies) / audio_seconds:.3f}"))


if __name__ == "__main__":
    main()
