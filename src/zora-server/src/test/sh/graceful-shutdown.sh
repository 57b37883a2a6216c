#!/usr/bin/env bash
# SIGTERM to the packaged server while it works (ShutdownCheck.java): 4 REST requests in flight
# and 8 live streams that sent a digit string and never stopped. Each request must get its
# transcript, each stream its final and a 1001 close, and the process must exit within the grace
# period (zora.shutdown.grace). Then a second server gets one request down every refusal path
# (chunked uploads over the body limit to a transcription and an explain endpoint, a 10 KB query,
# 40 KB of headers, two files in one form, a 10 KB form field, a connection over the per-address
# cap, a connection reset mid-upload); each must get its status, and idle after them the server
# must exit on SIGTERM in under 10 s: no refused request may stay counted as in flight. Run by `./mvnw verify` (integration-test phase); needs src/zora-server/target/quarkus-app.
set -euo pipefail

root="$(cd "$(dirname "$0")/../../../../.." && pwd)"
app="$root/src/zora-server/target/quarkus-app"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"

work="$(mktemp -d)"
port="$(free_port)"
log="$work/server.log"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ZORA_MODELS_DIR="$root/models" \
  java -Djava.io.tmpdir="$work" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$pid" "$log"

if ! java "$root/src/zora-server/src/test/sh/ShutdownCheck.java" "http://127.0.0.1:$port" "$pid" \
    "$root/models/digits-ctc/golden/espeak-string-0.wav" 8 4; then
  tail -n 40 "$log" >&2
  exit 1
fi
status=0
wait "$pid" || status=$?
[[ "$status" == 0 ]] || { tail -n 40 "$log" >&2; echo "exit status $status" >&2; exit 1; }
echo "graceful shutdown: ok"

port="$(free_port)"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ZORA_MODELS_DIR="$root/models" \
  ZORA_LIMITS_MAX_CONNECTIONS_PER_ADDRESS=2 java -Djava.io.tmpdir="$work" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$pid" "$log"
url="http://127.0.0.1:$port"
head -c 34000000 /dev/zero >"$work/over-limit.bin"
codes="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: audio/wav' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$work/over-limit.bin" "$url/v1/transcriptions" || true)"
codes+=" $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: audio/wav' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$work/over-limit.bin" "$url/v1/models/digits-cnn/activations?layers=logits" || true)"
codes+=" $(curl -s -o /dev/null -w '%{http_code}' "$url/v1/models?q=$(head -c 10000 /dev/zero | tr '\0' a)" || true)"
codes+=" $(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$url/v1/models" || true)"
clip="$root/models/digits-ctc/golden/espeak-string-0.wav"
codes+=" $(curl -s -o /dev/null -w '%{http_code}' -F "file=@$clip" -F "file=@$clip" "$url/v1/audio/transcriptions" || true)"
codes+=" $(curl -s -o /dev/null -w '%{http_code}' -F "file=@$clip" -F "prompt=$(head -c 10000 /dev/zero | tr '\0' a)" \
  "$url/v1/audio/transcriptions" || true)"
codes+=" $(python3 - "$port" <<'PY'
import socket, sys
held, status = [], ""
for _ in range(3):  # kept alive; the cap is 2, so the third connection's request is refused
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n")
    status = s.recv(100).split(b" ")[1].decode()
    held.append(s)
print(status)
PY
)"
expected="413 413 414 431 400 400 503"
if [[ "$codes" != "$expected" ]]; then
  tail -n 40 "$log" >&2
  echo "refusals answered $codes, expected $expected" >&2
  exit 1
fi
python3 - "$port" <<'PY'
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /v1/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\n" + b"\0" * 1000)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()  # a reset, mid-upload
PY
sleep 1
started="$(date +%s%N)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "refusals answered $codes; idle SIGTERM exit after $elapsed_ms ms"
if [[ "$status" != 0 || "$elapsed_ms" -ge 10000 ]] || grep -q "unfinished" "$log"; then
  tail -n 40 "$log" >&2
  echo "an idle server after refusals must exit cleanly within 10 s (status $status)" >&2
  exit 1
fi
echo "idle shutdown after refusals: ok"
