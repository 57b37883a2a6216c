#!/usr/bin/env bash
# Runs the packaged application the way docker/Dockerfile's image runs it, since this machine has no
# Docker engine, and transcribes through it:
#   - as an unprivileged user that owns no file (nobody, when started as root, as CI is),
#   - from read-only copies of the application and of the models (golden vectors left out, as
#     .dockerignore does), the application folder as working directory,
#   - configured only by environment variables, on a clean environment (env -i), ffmpeg on PATH.
# Then it checks what a user of the image relies on: health and metrics open, the probes of the
# Kubernetes manifests and the image's HEALTHCHECK answering, API keys enforced, WAV and FLAC
# (through ffmpeg) transcribed, the environment's settings in force.
# Run by `./mvnw verify` (integration-test phase); needs src/zora-server/target/quarkus-app.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
app="$root/src/zora-server/target/quarkus-app"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"

read -r wav expected < <(golden_digit_clip "$root/models")
[[ -n "${wav:-}" ]] || { echo "no golden digit clip in models/digits-cnn/golden" >&2; exit 1; }
java="$(command -v java)"

work="$(mktemp -d)"
chmod 755 "$work"
cp -r "$app" "$work/app"
cp -r "$root/models" "$work/models"
rm -rf "$work"/models/*/golden
chmod -R a-w "$work/app" "$work/models"
# The image's /tmp is its own; here /tmp is shared with the test JVMs, which run as root and leave
# Quarkus' upload folder /tmp/uploads owned by root. So the server gets a private temporary folder.
mkdir -m 700 "$work/tmp"

run_as=()
if [[ "$(id -u)" == 0 ]]; then
  uid=65534
  chown "$uid:$uid" "$work/tmp"
  run_as=(setpriv --reuid="$uid" --regid="$uid" --clear-groups --no-new-privs --)
  # Guards the premise: the server's user really cannot write to the models or the application.
  if "${run_as[@]}" touch "$work/models/probe" "$work/app/probe" 2>/dev/null; then
    echo "uid $uid can write to the read-only copies; the check would prove nothing" >&2
    exit 1
  fi
else
  uid="$(id -u)"
fi

port="$(free_port)"
key="$(random_key container-check)"
log="$work/server.log"
(
  cd "$work/app"
  exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    JDK_JAVA_OPTIONS="-Xmx512m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=$work/tmp" \
    ZORA_MODELS_DIR="$work/models" \
    ZORA_MODELS_DEFAULT_MODEL=digits-ctc \
    ZORA_API_KEYS="other-key,$key" \
    ZORA_LIMITS_MAX_UPLOAD_BYTES=1000000 \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="$port" \
    "${run_as[@]}" "$java" -jar "$work/app/quarkus-run.jar"
) >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null || true # its exit status after SIGTERM is not this check's result
  chmod -R u+w "$work"
  rm -rf "$work"
}
trap cleanup EXIT

url="http://127.0.0.1:$port"
wait_until_ready "$url/q/health/ready" "$server" "$log"

passed=0
failed=0
check() { # description, then a command that succeeds when the check holds
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
  fi
}
# status code and Content-Type of a request, as "200 application/json"
answer() { curl -s -o /dev/null -w '%{http_code} %{content_type}' "$@"; }
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# env and setpriv exec java, so the server's process is the one started above.
check "the server runs as uid $uid" [ "$(ps -o uid= -p "$server" | tr -d ' ')" == "$uid" ]
for path in /q/health/live /q/health/ready /q/metrics; do
  check "$path answers without a key" [ "$(answer "$url$path" | cut -d' ' -f1)" == 200 ]
done
probes="$(python3 - "$root/k8s/deployment.yaml" <<'PY'
import sys, yaml
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc.get("kind") == "Deployment":
        for container in doc["spec"]["template"]["spec"]["containers"]:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                print(container[probe]["httpGet"]["path"])
PY
)"
healthcheck="$(grep -o '/q/health/[a-z]*' "$root/docker/Dockerfile")"
check "k8s/deployment.yaml has its three probes and docker/Dockerfile its health check" \
  [ "$(echo $probes $healthcheck | wc -w)" == 4 ]
for path in $probes $healthcheck; do
  check "probe $path (k8s/deployment.yaml, docker/Dockerfile) answers 200 without a key" \
    [ "$(answer "$url$path" | cut -d' ' -f1)" == 200 ]
done

check "a transcription without a key is 401 problem+json" \
  [ "$(answer -H 'Content-Type: audio/wav' --data-binary @"$wav" "$url/v1/transcriptions")" \
    == "401 application/problem+json" ]
check "a wrong key is 401 problem+json" \
  [ "$(answer -H "X-API-Key: not-$key" "$url/v1/models/digits-ctc/layers")" == "401 application/problem+json" ]
check "a wrong key on the OpenAI surface is 401 in OpenAI's error JSON" \
  [ "$(answer -H "X-API-Key: not-$key" "$url/v1/models")" == "401 application/json" ]
check "ZORA_MODELS_DEFAULT_MODEL is the default model" \
  [ "$(curl -fs -H "X-API-Key: $key" "$url/v1/models" | json_field default_model)" == digits-ctc ]
check "the WAV $(basename "$wav") is transcribed as \"$expected\" (X-API-Key)" \
  [ "$(curl -fs -H "X-API-Key: $key" -H 'Content-Type: audio/wav' --data-binary @"$wav" \
      "$url/v1/transcriptions?model=digits-cnn" | json_field text)" == "$expected" ]
ffmpeg -loglevel error -i "$wav" "$work/tmp/clip.flac"
check "the same clip as FLAC, through ffmpeg and a multipart upload, is \"$expected\" (Bearer)" \
  [ "$(curl -fs -H "Authorization: Bearer $key" -F file=@"$work/tmp/clip.flac" -F model=digits-cnn \
      -F response_format=text "$url/v1/audio/transcriptions")" == "$expected" ]
head -c 1000001 /dev/zero >"$work/tmp/large.bin"
check "ZORA_LIMITS_MAX_UPLOAD_BYTES refuses 1000001 bytes with 413" \
  [ "$(answer -H "X-API-Key: $key" -H 'Content-Type: audio/wav' --data-binary @"$work/tmp/large.bin" \
      "$url/v1/transcriptions" | cut -d' ' -f1)" == 413 ]
check "health and metrics never carry the key" \
  bash -c '! curl -fs "$1/q/health" "$1/q/metrics" | grep -qF "$2"' _ "$url" "$key"

echo "container check: $passed passed, $failed failed"
[[ "$failed" == 0 ]] || { echo "--- server log" >&2; cat "$log" >&2; exit 1; }
