#!/usr/bin/env bash
# Cross-request micro-batching on and off, side by side: the packaged server is started once per
# zora.inference.batching.max-size and loaded with the same clip at each concurrency level
# (bench/RestLoad.java). Compare throughput and latency row by row.
#
#   ./mvnw -B package -DskipTests && bench/batching.sh [model=digits-cnn] [clip-seconds=1] \
#       [concurrency=1,16,64] [seconds=20] [max-sizes=1,8] [window=0ms]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:-digits-cnn}"
clip="${2:-1}"
levels="${3:-1,16,64}"
seconds="${4:-20}"
sizes="${5:-1,8}"
window="${6:-0ms}"
jar="$root/src/zora-server/target/quarkus-app/quarkus-run.jar"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"
log="$(mktemp)"

for size in ${sizes//,/ }; do
  port="$(free_port)"
  (cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
    -Dzora.inference.batching.max-size="$size" -Dzora.inference.batching.window="$window" -jar "$jar") >"$log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
  wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$server" "$log"
  echo "## $model, batching max-size $size, window $window"
  (cd "$root" && java bench/RestLoad.java --url "http://127.0.0.1:$port" --model "$model" --clip-seconds "$clip" \
    --concurrency "$levels" --seconds "$seconds" --warmup-seconds 5 --pid "$server")
  echo
  kill "$server"; wait "$server" 2>/dev/null || true
done
