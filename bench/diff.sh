#!/usr/bin/env bash
# Benchmark: diff and explain on a generated large cluster (200 namespaces x 25 workloads: 5,000
# workloads, 109,000 stored edges, 10,400 proposed policies, 120 MB of YAML), through
# bin/netpol-recommend with its default 512 MiB heap, against a baseline built from an earlier
# commit in the same run.
# Usage: bench/diff.sh [BASELINE_COMMIT]   (default: the commit before the scale work; none: skip)
# Figures: median of RUNS (default 3) wall times and the largest peak RSS, in target/bench/diff.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-0a7ab09}
runs=${RUNS:-3}
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests

# The cluster: flow records written by our generator, observed into a store, proposed from it.
flows="$work/cluster.jsonl"
db="$work/cluster.db"
proposal="$work/cluster-proposal"
empty="$work/nothing-deployed"
[ -f "$flows" ] || java -cp target/netpol-recommend.jar io.netpol.simulate.DiffBenchCluster "$flows"
if [ ! -f "$db" ]; then
  bin/netpol-recommend observe --db "$db" "$flows"
fi
if [ ! -d "$proposal" ]; then
  # propose needs more than 512 MiB at this size (its own scale work is issue 10's).
  NETPOL_JAVA_OPTS=-Xmx2g bin/netpol-recommend propose --db "$db" --out "$proposal" >/dev/null
fi
mkdir -p "$empty"

# The baseline: the same commands with the launcher and jar of an earlier commit.
launchers=("bin/netpol-recommend")
names=("this version")
if [ "$baseline" != none ]; then
  base="$work/baseline-$baseline"
  if [ ! -f "$base/target/netpol-recommend.jar" ]; then
    rm -rf "$base" && mkdir -p "$base"
    git archive "$baseline" | tar -x -C "$base"
    (cd "$base" && ./mvnw -q package -DskipTests)
  fi
  launchers+=("$base/bin/netpol-recommend")
  names+=("$baseline")
fi

# One figure: median wall time of $runs runs, peak RSS, exit code; a failed run keeps its last line.
measure() {
  local launcher=$1
  shift
  local times=() peak=0 code=0 line
  for _ in $(seq "$runs"); do
    set +e
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$launcher" "$@" >"$work/out.txt" 2>"$work/err.txt"
    code=$?
    set -e
    line=$(tail -1 "$work/time.txt")
    times+=("${line% *}")
    [ "${line#* }" -gt "$peak" ] && peak=${line#* }
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  if [ "$code" -gt 1 ]; then
    echo "${median} s, exit $code: $(grep -v '^\s' "$work/err.txt" "$work/out.txt" | tail -1 | cut -c1-120)"
  else
    echo "${median} s, peak RSS $((peak / 1024)) MiB"
  fi
}

commands=(
  "diff whole cluster|diff --db $db --proposed $proposal --deployed $empty"
  "diff -n team-007|diff --db $db --proposed $proposal --deployed $empty -n team-007"
  "explain, allowed|explain --db $db --policies $proposal --from team-007/svc-003 --to team-007/svc-010 --port 8010"
  "explain, denied|explain --db $db --policies $proposal --from team-007/svc-003 --to team-007/svc-001 --port 8001"
  "explain --proposed|explain --db $db --policies $empty --proposed $proposal --from team-007/svc-003 --to team-044/svc-022 --port 8022"
)
{
  echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cluster: $(du -sh "$proposal" | cut -f1) of YAML in $(find "$proposal" -name '*.yaml' | wc -l) files; runs: $runs"
  for c in "${commands[@]}"; do
    label=${c%%|*}
    # shellcheck disable=SC2206
    args=(${c#*|})
    for i in "${!launchers[@]}"; do
      echo "$label | ${names[$i]} | $(measure "${launchers[$i]}" "${args[@]}")"
    done
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$work/diff.txt"
