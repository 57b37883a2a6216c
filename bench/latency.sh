#!/usr/bin/env bash
# Measures what docs/benchmarks.md reports: start-up time to ready, resident memory with the models
# loaded, and the latency of transcribing a 1-second clip (median and 90th percentile over N
# sequential requests with curl, after a warm-up). Starts the packaged jar itself on a free port.
#
#   ./mvnw -B package -DskipTests && bench/latency.sh [requests=200]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
requests="${1:-200}"
jar="$root/src/zora-server/target/quarkus-app/quarkus-run.jar"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"
work="$(mktemp -d)"

# A 1-second, 8 kHz, 16-bit clip: the first golden digit centred in silence.
python3 - "$root/models/digits-cnn/golden" "$work/one-second.wav" <<'PY'
import json, pathlib, sys, wave
golden = pathlib.Path(sys.argv[1])
docs = [json.loads(p.read_text()) for p in sorted(golden.glob("*.json"))]
doc = next(d for d in docs if d.get("label") and not d["label"].startswith("_"))
with wave.open(str(golden / doc["wav"])) as w:
    rate, frames = w.getframerate(), w.readframes(w.getnframes())
total = rate * 2  # bytes in one second of 16-bit mono
frames = frames[:total]
pad = (total - len(frames)) // 2
with wave.open(sys.argv[2], "wb") as out:
    out.setnchannels(1); out.setsampwidth(2); out.setframerate(rate)
    out.writeframes(b"\0" * pad + frames + b"\0" * (total - pad - len(frames)))
PY

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start_ns="$(date +%s%N)"
(cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar "$jar") >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
rss_ready_kb="$(ps -o rss= -p "$server" | tr -d ' ')"

url="http://127.0.0.1:$port/v1/transcriptions"
for _ in $(seq 1 20); do
  curl -fs -o /dev/null -H 'Content-Type: audio/wav' --data-binary @"$work/one-second.wav" "$url"
done
for _ in $(seq 1 "$requests"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: audio/wav' --data-binary @"$work/one-second.wav" "$url"
done >"$work/times.txt"
rss_after_kb="$(ps -o rss= -p "$server" | tr -d ' ')"

python3 - "$work/times.txt" "$ready_ms" "$rss_ready_kb" "$rss_after_kb" "$requests" <<'PY'
import statistics, sys
times = sorted(float(t) * 1000 for t in open(sys.argv[1]))
p90 = times[int(0.9 * (len(times) - 1))]
print(f"start-up to ready:       {int(sys.argv[2])} ms (launch of java to /q/health/ready UP)")
print(f"RSS at ready:            {int(sys.argv[3]) // 1024} MiB")
print(f"RSS after {sys.argv[5]} requests: {int(sys.argv[4]) // 1024} MiB")
print(f"1-second clip latency:   median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, "
      f"min {times[0]:.1f} ms over {len(times)} sequential requests (curl time_total)")
PY
