#!/usr/bin/env bash
# Attribution measurements for docs/benchmarks.md: on the held-out FSDD digit clips (file index 5-9), each
# classifier method's deletion/insertion AUC against a random ordering, how often it beats the random
# ordering on deletion, the evidence keep rates, and each method's cost on a one-second clip.
#
#   bench/attributions.sh [recordings-dir] [clips-per-speaker-and-digit (1-5; 0: the costs alone)]
#
# Needs the FSDD recordings (default ../shared/data/fsdd/recordings, as the tests use).
set -euo pipefail
cd "$(dirname "$0")/.."
recordings="${1:-../shared/data/fsdd/recordings}"
per_digit="${2:-5}"
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q package -DskipTests -Dexec.skip -pl src/zora-bench -am dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath_file" >/dev/null
java -Dfsdd.recordings="$recordings" -cp "src/zora-bench/target/classes:$(cat "$classpath_file")" \
  dev.zora.bench.AttributionBenchmark models "$per_digit"
