#!/usr/bin/env bash
# SIGTERM to the packaged server while it works (ShutdownCheck.java): 4 REST requests in flight
# and 8 live streams that sent a digit string and never stopped. Each request must get its
# transcript, each stream its final and a 1001 close, and the process must exit within the grace
# period (zora.shutdown.grace). Run by `./mvnw verify` (integration-test phase); needs
# target/quarkus-app.
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
app="$root/target/quarkus-app"
source "$root/src/test/sh/packaged-app.sh"
require_packaged_app "$root"

work="$(mktemp -d)"
port="$(free_port)"
log="$work/server.log"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ZORA_MODELS_DIR="$root/models" \
  java -Djava.io.tmpdir="$work" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$pid" "$log"

if ! java "$root/src/test/sh/ShutdownCheck.java" "http://127.0.0.1:$port" "$pid" \
    "$root/models/digits-ctc/golden/espeak-string-0.wav" 8 4; then
  tail -n 40 "$log" >&2
  exit 1
fi
status=0
wait "$pid" || status=$?
[[ "$status" == 0 ]] || { tail -n 40 "$log" >&2; echo "exit status $status" >&2; exit 1; }
echo "graceful shutdown: ok"
