#!/usr/bin/env bash
# Zora against the PyTorch-eager peer (training/zora_recipe/peer_server.py: the same digits-cnn
# weights, the recipe's own front end and model), side by side in one run: the same clip, the same
# closed-loop load (bench/RestLoad.java) at each concurrency level, one server at a time on this
# machine. Prints the tables; compare throughput and p99 row by row.
#
#   ./mvnw -B package -DskipTests && bench/peer_compare.sh [clip-seconds=1] [concurrency=1,16] [seconds=20] [warmup-seconds=30] [inputs=8k,16k,44.1k,48k,mp3,opus] [detectors=silero,energy] [rounds=1]
#
# With rounds > 1 every input is measured once per round, the inputs in turn (8k, 16k, ..., 8k,
# 16k, ...), and a last table gives each input's median over the rounds: on a VM whose speed
# drifts by a third within minutes, one pass in input order puts the drift on whichever input it
# meets, which decides a comparison between inputs (48 kHz against 8 kHz) by chance.
#
# Each detector is a pair doing the same work: `silero` is Zora's default (Silero VAD, then the
# classifier on each utterance) against the peer running the same Silero network and endpoint
# rules in PyTorch (peer_vad.py); `energy` is Zora with `vad=energy` against the peer classifying
# the whole clip with no detector at all (a little less work than Zora's).
#
# Each input is the same clip (a golden digit centred in silence) as a 16-bit WAV at that rate
# (sox, from the 8 kHz original), as MP3 (16 kHz, 64 kbit/s) or as Ogg/Opus (48 kHz, 32 kbit/s):
# what phones, browsers and the OpenAI SDK send, not only the models' own 8 kHz.
#
# The warm-up runs before each level: 30 s lets the JVM compile its hot paths (five seconds left
# Zora a third slower); the Python peer has nothing to warm up and gets the same. Before the first
# level each server gets every input once for that long too (prime, below).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
clip="${1:-1}"
levels="${2:-1,16}"
seconds="${3:-20}"
warmup="${4:-30}"
inputs="${5:-8k,16k,44.1k,48k,mp3,opus}"
detectors="${6:-silero,energy}"
rounds="${7:-1}"
jar="$root/src/zora-server/target/quarkus-app/quarkus-run.jar"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"
wait_for() { # url pid
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null -X POST -H 'Content-Type: audio/wav' --data-binary @"$root/models/digits-cnn/golden/espeak-seven.wav" \
      "$1/v1/transcriptions" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
clips="$(mktemp -d)"
trap 'rm -rf "$clips"' EXIT
(cd "$root" && java bench/RestLoad.java --clip-seconds "$clip" --write-clip "$clips/8k.wav")
for input in ${inputs//,/ }; do
  case "$input" in
    8k) ;;
    mp3) ffmpeg -loglevel error -i "$clips/8k.wav" -ar 16000 -b:a 64k "$clips/mp3.mp3" ;;
    opus) ffmpeg -loglevel error -i "$clips/8k.wav" -ar 48000 -c:a libopus -b:a 32k "$clips/opus.ogg" ;;
    *k) sox "$clips/8k.wav" -r "$(python3 -c "print(int(float('${input%k}') * 1000))")" "$clips/$input.wav" ;;
    *) echo "unknown input $input" >&2; exit 2 ;;
  esac
done
prime() { # url [query]: every input once before any is measured (its output discarded), so Zora's
  # JIT has compiled every path (resampling, MP3, Opus) before the first level: measured in input
  # order without it, the level after the first lost a fifth to recompilation in several runs.
  for input in ${inputs//,/ }; do
    (cd "$root" && java bench/RestLoad.java --url "$1" --model digits-cnn --clip "$(ls "$clips/$input".*)" \
      --concurrency "${levels##*,}" --seconds 2 --warmup-seconds "$warmup" ${2:+--query "$2"}) >/dev/null
  done
}
load() { # url pid [query]
  rm -f "$clips/rows"
  for round in $(seq 1 "$rounds"); do
    for input in ${inputs//,/ }; do
      [[ "$rounds" -gt 1 ]] && echo "round $round of $rounds"
      (cd "$root" && java bench/RestLoad.java --url "$1" --model digits-cnn --clip "$(ls "$clips/$input".*)" \
        --concurrency "$levels" --seconds "$seconds" --warmup-seconds "$warmup" --pid "$2" ${3:+--query "$3"}) \
        >"$clips/level"
      cat "$clips/level"
      grep -E '^\| [0-9]+ \|' "$clips/level" | sed "s/^/$input /" >>"$clips/rows"
    done
  done
  [[ "$rounds" -gt 1 ]] && medians
  return 0
}
medians() { # each input's and level's median over the rounds, from RestLoad's rows
  echo
  echo "Median over $rounds rounds:"
  echo "| input | concurrency | throughput (req/s) | p99 ms | server CPU ms/request | load generator CPU ms/request |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for input in ${inputs//,/ }; do
    for level in ${levels//,/ }; do
      awk -F'|' -v input="$input" -v level="$level" '
        function median(values, n,    i, j, t) {
          for (i = 2; i <= n; i++) for (j = i; j > 1 && values[j - 1] > values[j]; j--) {
            t = values[j]; values[j] = values[j - 1]; values[j - 1] = t
          }
          return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
        }
        $1 == input " " && $2 + 0 == level { n++; rps[n] = $5; p99[n] = $8; cpu[n] = $9; own[n] = $11 }
        END { if (n) printf "| %s | %s | %.0f | %.1f | %.2f | %.2f |\n", input, level,
          median(rps, n), median(p99, n), median(cpu, n), median(own, n) }' "$clips/rows"
    done
  done
}

for detector in ${detectors//,/ }; do
  case "$detector" in
    silero) zora_query="" peer_vad=silero ;;
    energy) zora_query="vad=energy" peer_vad=none ;;
    *) echo "unknown detector $detector: silero or energy" >&2; exit 2 ;;
  esac

  port="$(free_port)"
  (cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar "$jar") >/dev/null 2>&1 &
  zora=$!
  trap 'kill "$zora" 2>/dev/null || true; rm -rf "$clips"' EXIT
  wait_for "http://127.0.0.1:$port" "$zora" || { echo "Zora did not start" >&2; exit 1; }
  echo "## Zora (ONNX Runtime, Java), detector $detector${zora_query:+ ($zora_query)}"
  prime "http://127.0.0.1:$port" "$zora_query"
  load "http://127.0.0.1:$port" "$zora" "$zora_query"
  kill "$zora"; wait "$zora" 2>/dev/null || true

  port="$(free_port)"
  (cd "$root/training" && exec /usr/bin/python3 -m zora_recipe.peer_server --port "$port" --vad "$peer_vad") >/dev/null 2>&1 &
  peer=$!
  trap 'kill "$peer" 2>/dev/null || true; rm -rf "$clips"' EXIT
  wait_for "http://127.0.0.1:$port" "$peer" || { echo "the PyTorch peer did not start" >&2; exit 1; }
  echo
  echo "## PyTorch eager peer (Python http.server, the same weights), --vad $peer_vad"
  prime "http://127.0.0.1:$port"
  load "http://127.0.0.1:$port" "$peer"
  kill "$peer"; wait "$peer" 2>/dev/null || true
  echo
done
