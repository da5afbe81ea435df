#!/usr/bin/env bash
# Benchmark: netpol-rollout next --dry-run of one namespace (team-007) of the large generated cluster
# (bench/large-cluster.sh) against the mock API server, with this version's jar and a baseline's,
# 512 MiB heap. Usage: bench/preflight.sh [BASELINE_COMMIT]   (default as bench/diff.sh; none: skip)
# Figures: median of RUNS (default 3) wall times and the peak RSS, in target/bench/preflight.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-0a7ab09}
# shellcheck source=bench/large-cluster.sh
. bench/large-cluster.sh
jars="this version=target/netpol-recommend.jar"
[ -z "$base_jar" ] || jars="$jars;$baseline=$base_jar"
./mvnw -q test -Dtest=PreflightBenchmarkIT -Dbench=true -Dbench.runs="${RUNS:-3}" \
  "-Dbench.jars=$jars" -Dsurefire.failIfNoSpecifiedTests=false
head -3 target/bench/preflight.txt
