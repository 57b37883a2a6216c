#!/usr/bin/env bash
# JMH microbenchmarks (src/test/java/dev/zora/bench): the front end, resampling, and one inference
# of each model. Arguments go to JMH as they are, for example:
#
#   bench/jmh.sh                      # everything, about 3 minutes
#   bench/jmh.sh FrontEnd             # the benchmarks whose name matches a regular expression
#   bench/jmh.sh -f 1 -wi 1 -i 3      # fewer iterations than the classes ask for
#   bench/jmh.sh -h                   # JMH's options
#
# Runs from the repository root, where the benchmarks find models/.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile -Dexec.skip
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
java -cp "target/classes:target/test-classes:$(cat "$classpath_file")" org.openjdk.jmh.Main "$@"
