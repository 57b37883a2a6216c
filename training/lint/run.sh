#!/usr/bin/env bash
# Lints every tracked Python file (the training recipe, bench/*.py, docs/examples/*.py) with ruff,
# configured by [tool.ruff] in training/pyproject.toml. Ruff comes from the npm registry as its
# WebAssembly build (pinned, with its checksum, in package-lock.json): Debian 12 has no ruff
# package. Run by `./mvnw verify`; needs node, npm and /usr/bin/python3 (3.11, for tomllib).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
npm ci --no-audit --no-fund --silent
settings="$(mktemp)"
trap 'rm -f "$settings"' EXIT
/usr/bin/python3 - "$root/training/pyproject.toml" >"$settings" <<'PY'
import json, sys, tomllib
print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))["tool"]["ruff"]))  # ruff.toml's keys
PY
cd "$root"
mapfile -t files < <(git ls-files '*.py')
node "$here/check.mjs" "$settings" "${files[@]}"
