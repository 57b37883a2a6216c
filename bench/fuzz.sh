#!/usr/bin/env bash
# Fuzzes one @FuzzTest for longer than `./mvnw verify` does (3 s each), with Jazzer's command line:
#   bench/fuzz.sh dev.zora.audio.WavDecoderFuzzTest#decodesOrRefuses [seconds, default 600]
# Targets: dev.zora.audio.WavDecoderFuzzTest#decodesOrRefuses, dev.zora.audio.FfmpegDecoderFuzzTest#decodesOrRefuses,
# dev.zora.model.ManifestReaderFuzzTest#readsOrExplains, dev.zora.stream.StreamInputFuzzTest#startMessageThenFrames.
# (UploadFuzzTest needs the Quarkus test server: JAZZER_FUZZ=1 ./mvnw test -Dtest=UploadFuzzTest -Dexec.skip
# fuzzes it for its maxDuration.) The corpus grows in target/fuzz-corpus/ (at the repository root); an input that breaks the
# target is written into the test's committed inputs folder, where the normal build replays it: fix
# the code, give the file a name that says what it is, commit both.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: bench/fuzz.sh <fully.qualified.FuzzTestClass>#<method> [seconds]}"
seconds="${2:-600}"
class="${target%#*}"
method="${target#*#}"
cd "$root"
source=(src/*/src/test/java/"${class//.//}".java)
[[ -f "${source[0]}" ]] || { echo "no fuzz test $class under src/*/src/test/java" >&2; exit 1; }
module="${source[0]%%/src/test/java/*}"
mkdir -p target
# The module's classpath in the reactor (the last module built writes the file last: the one asked for).
./mvnw -B -q test-compile dependency:build-classpath -pl "$module" -am -Dexec.skip \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/target/fuzz.classpath"
inputs="$module/src/test/resources/${class//.//}Inputs/$method"
corpus="target/fuzz-corpus/$class/$method"
mkdir -p "$corpus" "$inputs"
exec java -cp "$module/target/test-classes:$module/target/classes:$(cat target/fuzz.classpath)" com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --target_method="$method" \
  -max_total_time="$seconds" -timeout=20 -artifact_prefix="$inputs/" \
  "$corpus" "$inputs"
