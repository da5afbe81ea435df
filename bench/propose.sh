#!/usr/bin/env bash
# Benchmark: propose on a large generated cluster's store, end to end (JVM start to exit), run as
# users run it (bin/netpol-recommend: 512 MiB heap), for --out, -o yaml and -o json: wall time, CPU
# time (user + system, all threads) and peak RSS, with the load average before each run.
# Usage: bench/propose.sh [WORKLOADS] [EDGES]   (default 5000 100000)
# The store is made once: simulate --large-cluster writes the flow records, observe stores them.
# BASELINE_JAR=path/to/netpol-recommend.jar runs the same commands with another build in the same
# run, as its launcher ran propose (java -Xmx512m -jar), and checks that both wrote the same bytes.
# RUNS=N runs each command N times and reports the run of median wall time (default 1).
# FORMATS="helm cilium ..." also runs --output-format F --out DIR for each format listed;
# MODES="out yaml json" (the default) are the kubernetes runs (--out DIR, -o yaml, -o json).
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=${1:-5000}
edges=${2:-100000}
runs=${RUNS:-1}
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
flows="$work/large-$workloads-$edges.jsonl"
db="$work/large-$workloads-$edges.db"
[ -f "$flows" ] || bin/netpol-recommend simulate --large-cluster "$workloads" --lines "$edges" --out "$flows"
[ -f "$db" ] || bin/netpol-recommend observe --db "$db" "$flows"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); store: $workloads workloads, $edges edges"

# run LABEL OUTDIR COMMAND...: one propose run; its output goes to OUTDIR (stdout to OUTDIR.out).
run() {
  local label=$1 dir=$2
  shift 2
  rm -rf "$dir" "$dir.out"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$dir.out" 2> "$work/propose.err"; then
    echo "$label failed: $(grep -v '^[[:space:]]' "$work/propose.err" | grep -v '^java\.' | tail -1)"
    return 1
  fi
  read -r wall user sys rss < "$work/time"
  printf '%s %s s wall, %s s CPU (%s user + %s sys), peak RSS %d MiB, load %s; %s\n' \
    "$label" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" $((rss / 1024)) "$load" \
    "$(grep -o 'read the store.*' "$work/propose.err" || true)"
}

# median LABEL OUTDIR COMMAND...: RUNS runs, the one of median wall time reported.
median() {
  local label=$1 line
  shift
  local results=()
  for _ in $(seq "$runs"); do
    if ! line=$(run "$label" "$@"); then
      echo "$line"
      return 1
    fi
    results+=("$line")
  done
  local field=$(($(wc -w <<< "$label") + 1))
  printf '%s\n' "${results[@]}" | sort -t' ' -k"$field" -n | sed -n "$(((runs + 1) / 2))p"
}

for mode in ${MODES-out yaml json} ${FORMATS:-}; do
  if [ "$mode" = out ]; then
    shown="--out DIR"
    args=(--out "$work/out-new")
    base_args=(--out "$work/out-base")
  elif [ "$mode" != yaml ] && [ "$mode" != json ]; then
    shown="--output-format $mode --out DIR"
    args=(--output-format "$mode" --out "$work/out-new")
    base_args=(--output-format "$mode" --out "$work/out-base")
  else
    shown="-o $mode"
    args=(-o "$mode")
    base_args=(-o "$mode")
  fi
  median "propose $shown: this build:" "$work/out-new" \
    bin/netpol-recommend propose -v --db "$db" "${args[@]}" || continue
  if [ -n "${BASELINE_JAR:-}" ] &&
    median "propose $shown: baseline:  " "$work/out-base" \
      java -Xmx512m -jar "$BASELINE_JAR" propose -v --db "$db" "${base_args[@]}"; then
    if [ "${args[0]}" != -o ]; then
      diff -r "$work/out-new" "$work/out-base" > /dev/null && same=identical || same=DIFFERENT
    else
      cmp -s "$work/out-new.out" "$work/out-base.out" && same=identical || same=DIFFERENT
    fi
    echo "  output: $same to the baseline's"
  fi
done
