#!/usr/bin/env bash
# Benchmark: propose on a large cluster's store, end to end (JVM start to exit), heap capped at
# 512 MiB, for --out, -o yaml and -o json.
# Usage: bench/propose.sh [WORKLOADS] [EDGES]   (default 5000 100000)
# BASELINE_JAR=path/to/netpol-recommend.jar runs the same commands with another build for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=${1:-5000}
edges=${2:-100000}
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
flows="$work/large-$workloads-$edges.jsonl"
db="$work/large-$workloads-$edges.db"
[ -f "$flows" ] || bin/netpol-recommend simulate --large-cluster "$workloads" --lines "$edges" --out "$flows"
[ -f "$db" ] || bin/netpol-recommend observe --db "$db" "$flows"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); store: $workloads workloads, $edges edges"
run() {
  local label=$1 jar=$2
  shift 2
  rm -rf "$work/out"
  local start end
  start=$(date +%s%N)
  java -Xmx512m -jar "$jar" propose -v --db "$db" "$@" > "$work/propose.out" 2> "$work/propose.err" || {
    echo "$label propose $*: failed: $(grep -v '^ ' "$work/propose.err" | tail -1)"
    return
  }
  end=$(date +%s%N)
  printf '%s propose %s: %.1f s end to end; %s\n' "$label" "$*" "$(echo "($end - $start) / 1000000000" | bc -l)" \
    "$(grep -o 'read the store.*' "$work/propose.err" || true)"
}
for args in "--out $work/out" "-o yaml" "-o json"; do
  # shellcheck disable=SC2086
  run "this build:" target/netpol-recommend.jar $args
  if [ -n "${BASELINE_JAR:-}" ]; then
    # shellcheck disable=SC2086
    run "baseline:  " "$BASELINE_JAR" $args
  fi
done
