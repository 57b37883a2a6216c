#!/usr/bin/env bash
# Starts the packaged Zora on a free port, waits until it is ready, runs the OpenAI Node SDK check
# against it and stops it. Needs `./mvnw -B package` first (target/quarkus-app), node and npm.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
jar="$root/target/quarkus-app/quarkus-run.jar"
[[ -f "$jar" ]] || { echo "missing $jar: run ./mvnw -B package -DskipTests first" >&2; exit 1; }

# The first golden clip of digits-cnn whose label is a word and which the model gets right (its
# golden logits peak at that label), and that label.
read -r wav expected < <(python3 - "$root/models/digits-cnn" <<'PY'
import json, pathlib, sys
bundle = pathlib.Path(sys.argv[1])
labels = json.loads((bundle / "zora.json").read_text())["labels"]
for doc in sorted((bundle / "golden").glob("*.json")):
    g = json.loads(doc.read_text())
    logits = g["outputs"]["logits"]
    if g.get("label") and not g["label"].startswith("_") and labels[logits.index(max(logits))] == g["label"]:
        print(doc.parent / g["wav"], g["label"])
        break
PY
)
[[ -n "${wav:-}" ]] || { echo "no golden digit clip in models/digits-cnn/golden" >&2; exit 1; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
(cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar "$jar") >"$log" 2>&1 &
server=$!
# The server's exit status after SIGTERM (143) is not this check's result.
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$log" >&2; echo "Zora exited before it was ready" >&2; exit 1; fi
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { cat "$log" >&2; echo "Zora not ready after 60 s" >&2; exit 1; }

cd "$here"
npm ci --no-audit --no-fund
ZORA_URL="http://127.0.0.1:$port" node check.mjs "$wav" "$expected"
