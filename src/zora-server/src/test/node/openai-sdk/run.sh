#!/usr/bin/env bash
# Starts the packaged Zora on a free port with an API key, waits until it is ready, runs the OpenAI
# Node SDK check against it and stops it. Needs `./mvnw -B package` first (src/zora-server/target/quarkus-app), node
# and npm.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../../.." && pwd)"
jar="$root/src/zora-server/target/quarkus-app/quarkus-run.jar"

source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"

read -r wav expected < <(golden_digit_clip "$root/models")
[[ -n "${wav:-}" ]] || { echo "no golden digit clip in models/digits-cnn/golden" >&2; exit 1; }

port="$(free_port)"
key="$(random_key sdk-check)"
log="$(mktemp)"
(cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dzora.api-keys="$key" \
  -jar "$jar") >"$log" 2>&1 &
server=$!
# The server's exit status after SIGTERM (143) is not this check's result.
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$server" "$log"

cd "$here"
npm ci --no-audit --no-fund
ZORA_URL="http://127.0.0.1:$port" ZORA_API_KEY="$key" node check.mjs "$wav" "$expected"
