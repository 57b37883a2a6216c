#!/usr/bin/env python3
"""Time and peak memory of transcribing one long recording through REST.

Builds a recording of digit strings (1-8 held-out FSDD clips of one speaker, 0.05-0.3 s apart,
1.2-3.5 s pauses, white noise at -50 dBFS; 8 kHz 16-bit WAV), starts the packaged jar on a free
port with the upload and duration limits raised to fit it (configuration by environment
variables, as in a container), posts the file once per model, and reports the wall time, the
real-time factor, the segments found, and the server's resident memory: at ready, and its peak
(VmHWM) after each request. Needs numpy (/usr/bin/python3 on Debian).

  ./mvnw -B package -DskipTests && /usr/bin/python3 bench/long_recording.py --minutes 60
"""
import argparse
import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RATE = 8000
NAME = re.compile(r"(\d)_([a-z]+)_(\d+)\.wav")


def held_out_clips(recordings: Path):
    clips = []
    for path in sorted(recordings.glob("*.wav")):
        m = NAME.fullmatch(path.name)
        if m and 5 <= int(m.group(3)) <= 9:
            with wave.open(str(path)) as w:
                x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
            clips.append((m.group(2), x))
    return clips


def build(clips, seconds, seed):
    rng = random.Random(seed)
    speakers = sorted({s for s, _ in clips})
    pieces, at, strings = [], 0, 0

    def pause():
        return np.zeros(int(rng.uniform(1.2, 3.5) * RATE), np.float32)

    pieces.append(pause())
    at += len(pieces[-1])
    while at < seconds * RATE:
        speaker = rng.choice(speakers)
        own = [x for s, x in clips if s == speaker]
        for i in range(rng.randint(1, 8)):
            if i:
                pieces.append(np.zeros(int(rng.uniform(0.05, 0.3) * RATE), np.float32))
            pieces.append(rng.choice(own))
        pieces.append(pause())
        at = sum(len(p) for p in pieces)
        strings += 1
    x = np.concatenate(pieces)
    x = x + np.random.default_rng(seed).normal(0, 0.003, len(x)).astype(np.float32)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue(), len(x) / RATE, strings


def kib(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--models", default="digits-transformer,digits-ctc")
    p.add_argument("--recordings", default=str(ROOT.parent / "shared/data/fsdd/recordings"))
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    wav, seconds, strings = build(held_out_clips(Path(args.recordings)), args.minutes * 60, args.seed)
    jar = ROOT / "src/zora-server/target/quarkus-app/quarkus-run.jar"
    if not jar.exists():
        sys.exit(f"missing {jar}: run ./mvnw -B package -DskipTests first")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_HTTP_HOST="127.0.0.1",
               ZORA_LIMITS_MAX_UPLOAD_BYTES=str(len(wav) + 1024),
               QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=f"{len(wav) // 1048576 + 2}M",
               ZORA_LIMITS_MAX_DURATION_SECONDS=str(int(seconds) + 60))
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(["java", "-jar", str(jar)], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/q/health/ready")
                break
            except OSError:
                if server.poll() is not None:
                    log.seek(0)
                    sys.exit(log.read().decode())
                time.sleep(0.25)
        print(f"recording: {seconds:.0f} s, {strings} strings, {len(wav) / 1048576:.1f} MiB WAV; "
              f"server RSS at ready {kib(server.pid, 'VmRSS') // 1024} MiB")
        for model in args.models.split(","):
            request = urllib.request.Request(f"{url}/v1/transcriptions?model={model}", data=wav,
                                             headers={"Content-Type": "audio/wav"})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=3600) as response:
                answer = json.load(response)
            took = time.perf_counter() - start
            print(f"{model}: {took:.1f} s (real-time factor {took / seconds:.4f}), "
                  f"{len(answer['segments'])} segments, {len(answer['text'].split())} words; "
                  f"server peak RSS so far {kib(server.pid, 'VmHWM') // 1024} MiB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
