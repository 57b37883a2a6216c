#!/usr/bin/env bash
# A large upload arriving while the server has no room left to store it. Filling a real disk needs
# root (a small tmpfs or a quota), so the packaged server runs with a file size limit (ulimit -f)
# just above the ONNX Runtime library it extracts at start-up: writing the upload to the uploads
# folder then fails with EFBIG, as it would with ENOSPC on a full disk. The upload must get a
# problem+json 507, leave no file behind, and the next request must be answered. Run by
# `./mvnw verify` (integration-test phase); needs src/zora-server/target/quarkus-app.
set -euo pipefail

root="$(cd "$(dirname "$0")/../../../../.." && pwd)"
app="$root/src/zora-server/target/quarkus-app"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"

work="$(mktemp -d)"
mkdir "$work/uploads"
port="$(free_port)"
log="$work/server.log"
(
  ulimit -f 21600 # KiB: libonnxruntime.so (21.0 MiB) still fits, a 22.9 MiB upload does not
  exec env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ZORA_MODELS_DIR="$root/models" \
    QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY="$work/uploads" \
    java -Djava.io.tmpdir="$work" -jar "$app/quarkus-run.jar" >"$log" 2>&1
) &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$pid" "$log"

fail() { tail -n 40 "$log" >&2; echo "$1" >&2; exit 1; }
python3 - "$work/form" <<'PY'
import struct, sys
data = b"\x00\x01" * 12_000_000
wav = (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
       + b"data" + struct.pack("<I", len(data)) + data)
with open(sys.argv[1], "wb") as form:
    form.write(b'--cut\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n'
               b"Content-Type: audio/wav\r\n\r\n" + wav + b"\r\n--cut--\r\n")
PY
answer="$(curl -s -w '\n%{http_code} %{content_type}' -H 'Content-Type: multipart/form-data; boundary=cut' \
  --data-binary @"$work/form" "http://127.0.0.1:$port/v1/transcriptions")"
[[ "$(tail -n1 <<<"$answer")" == "507 application/problem+json" ]] || fail "full temp space: expected 507 problem+json, got: $answer"
# Vert.x's body handler deletes the partial file asynchronously, after the answer may have left:
# give it up to 5 s (it took under 0.1 s in most runs, and once more on a loaded machine).
for _ in $(seq 1 50); do
  [[ -z "$(ls -A "$work/uploads")" ]] && break
  sleep 0.1
done
[[ -z "$(ls -A "$work/uploads")" ]] || fail "the failed upload left files: $(ls "$work/uploads")"
status="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: audio/wav' \
  --data-binary @"$root/models/digits-ctc/golden/espeak-string-0.wav" "http://127.0.0.1:$port/v1/transcriptions?model=digits-ctc")"
[[ "$status" == 200 ]] || fail "after the full temp space, a small request got $status"
kill -TERM "$pid"
wait "$pid"
echo "full temp space: ok"
