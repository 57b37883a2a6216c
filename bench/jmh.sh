#!/usr/bin/env bash
# JMH microbenchmarks (the zora-bench module, src/zora-bench): the front end, resampling, and one inference
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
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
# zora-bench and the library modules it needs, built in the reactor; the classpath file is written
# last by zora-bench, the last module built.
./mvnw -B -q package -DskipTests -Dexec.skip -pl src/zora-bench -am dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath_file" >/dev/null
java -cp "src/zora-bench/target/classes:$(cat "$classpath_file")" org.openjdk.jmh.Main "$@"
