#!/usr/bin/env bash
# Fetches model.onnx again from the npm registry, by version, and checks it against the pinned
# checksum: how the vendored file was obtained, and how to verify it; then derives sequence.onnx from
# it (sequence.py). Run from anywhere; needs npm and python3-onnx.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package='@ricky0123/vad-web@0.0.31'
sha256='2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f'
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/dist/silero_vad_v5.onnx)
echo "$sha256  $work/package/dist/silero_vad_v5.onnx" | sha256sum --check --quiet
cp "$work/package/dist/silero_vad_v5.onnx" "$here/model.onnx"
echo "model.onnx: $package dist/silero_vad_v5.onnx, sha256 $sha256"
/usr/bin/python3 "$here/sequence.py"
