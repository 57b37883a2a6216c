#!/usr/bin/env bash
# Load check for a change meant to alter no behaviour: each jar alone on a free port, the same
# clips and load (REST with WAV at 8, 16 and 48 kHz and MP3, as clients send them; 16 live streams
# at 48 kHz, as browsers capture), one jar after the other.
#   bench/before_after.sh BEFORE.jar AFTER.jar
# Build the "before" jar in a worktree: git worktree add /tmp/before REV && (cd /tmp/before &&
# ./mvnw -B package -DskipTests -Dexec.skip); it is /tmp/before/src/zora-server/target/quarkus-app/quarkus-run.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE.jar AFTER.jar" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
golden=$(ls models/digits-cnn/golden/*.wav | head -1)
sox "$golden" -r 8000 "$work/c8.wav" pad 0.3 0.3
sox "$golden" -r 16000 "$work/c16.wav" pad 0.3 0.3
sox "$golden" -r 48000 "$work/c48.wav" pad 0.3 0.3
ffmpeg -loglevel error -i "$work/c16.wav" -b:a 64k "$work/cmp3.mp3"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for jar in "$1" "$2"; do
  echo "== $jar (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx512m -Dquarkus.http.port="$port" -jar "$jar" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 60); do curl -sf "localhost:$port/q/health/ready" > /dev/null && break; sleep 1; done
  for clip in c8.wav c16.wav c48.wav cmp3.mp3; do
    echo "REST, $clip"
    java bench/RestLoad.java --url "http://127.0.0.1:$port" --model digits-cnn --clip "$work/$clip" \
      --concurrency 16 --seconds 10 --warmup-seconds 10 --pid "$pid" | tail -1
  done
  echo "16 live streams at 48 kHz"
  java bench/StreamBench.java --url "ws://127.0.0.1:$port/v1/stream" --streams 16 --seconds 20 --rate 48000 | tail -1
  kill "$pid"
  wait "$pid" 2> /dev/null || true
done
