# Shared by the scripts that test the packaged application (src/zora-server/target/quarkus-app) from outside:
# source it, then call the functions. Needs python3 and curl.

# Prints "<wav path> <label>" of the first golden clip of the digits-cnn bundle in models folder $1
# whose label is a word and which the model gets right (its golden logits peak at that label).
golden_digit_clip() {
  python3 - "$1/digits-cnn" <<'PY'
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
}

# Fails, saying how to build it, unless the packaged application is under repository root $1.
require_packaged_app() {
  [[ -f "$1/src/zora-server/target/quarkus-app/quarkus-run.jar" ]] && return 0
  echo "missing $1/src/zora-server/target/quarkus-app: run ./mvnw -B package -DskipTests first" >&2
  return 1
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Prints a fresh random API key starting with $1.
random_key() {
  echo "$1-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
}

# Waits up to 60 s until $1 (a readiness URL) answers 200; fails early, printing log file $3, when
# process $2 exits first.
wait_until_ready() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 120); do
    if curl -fs "$url" >/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "Zora exited before it was ready" >&2; return 1; fi
    sleep 0.5
  done
  cat "$log" >&2
  echo "Zora not ready after 60 s" >&2
  return 1
}
