#!/usr/bin/env bash
# Issue 23's held-out conditions through the running server: every served model on tightly
# trimmed single digits (clean and in 10 dB white noise), FSDD validation strings (clean, of
# repeated digits, of 11-20 digits, with a 1 s lead and tail in 10 dB pink noise, and the same with a non-speech
# event in lead and tail), strings by espeak-ng, flite and festival voices never trained on, and by a
# real voice never trained on (Allison Smith's Asterisk prompts, when installed). Reads
# the sets from the recipe's cache (built by training, or by the command below), starts the
# packaged jar on a free port, prints one line per model and set.
#
#   (cd training && /usr/bin/python3 -m zora_recipe.held_out_sets)    # builds the sets into training/cache
#   ./mvnw -B package -DskipTests && bench/held_out.sh [models=digits-cnn,digits-ctc,digits-transformer] [count=300]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
models="${1:-digits-cnn,digits-ctc,digits-transformer}"
count="${2:-300}"
cache="$root/training/cache"
source "$root/src/zora-server/src/test/sh/packaged-app.sh"
require_packaged_app "$root"
work="$(mktemp -d)"
port="$(free_port)"
(cd "$root" && exec java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar src/zora-server/target/quarkus-app/quarkus-run.jar) \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_until_ready "http://127.0.0.1:$port/q/health/ready" "$server" "$work/server.log"

for model in ${models//,/ }; do
  for set in fsdd_validation fsdd_isolated_white_10db fsdd_strings_validation fsdd_strings_repeated fsdd_strings_long fsdd_strings_slow \
      fsdd_strings_pink_10db fsdd_strings_events espeak_strings_test synth_strings_test real_voice_strings; do
    [[ "$model" == digits-cnn && "$set" != fsdd_validation && "$set" != fsdd_isolated_white_10db ]] && continue
    [[ "$set" == real_voice_strings && ! -f "$cache/$set.npz" ]] && continue  # needs asterisk-core-sounds-en-wav
    printf '%-28s ' "$set"
    /usr/bin/python3 "$root/bench/rest_wer.py" --url "http://127.0.0.1:$port" --model "$model" \
      --strings "$cache/$set.npz" --count "$count"
  done
done
