#!/usr/bin/env bash
# Benchmark: diff and explain on a generated large cluster (200 namespaces x 25 workloads: 5,000
# workloads, 109,000 stored edges, 10,400 proposed policies, 120 MB of YAML), through
# bin/netpol-recommend with its default 512 MiB heap, against a baseline built from an earlier
# commit in the same run.
# Usage: bench/diff.sh [BASELINE_COMMIT]   (default: the commit before the scale work; none: skip)
# Figures: median of RUNS (default 3) wall and CPU times and the largest peak RSS, in
# target/bench/diff.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-0a7ab09}
runs=${RUNS:-3}
# shellcheck source=bench/large-cluster.sh
. bench/large-cluster.sh

# The baseline: the same commands with the launcher and jar of the earlier commit.
launchers=("bin/netpol-recommend")
names=("this version")
if [ -n "$base_jar" ]; then
  launchers+=("$work/baseline-$baseline/bin/netpol-recommend")
  names+=("$baseline")
fi

# One figure: median wall time and CPU time (user + system) of $runs runs, and the peak RSS; a run
# that fails (exit 2 or more) shows its last line instead.
measure() {
  local launcher=$1
  shift
  local walls=() cpus=() peak=0 code=0 line
  for _ in $(seq "$runs"); do
    set +e
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$launcher" "$@" >"$work/out.txt" 2>"$work/err.txt"
    code=$?
    set -e
    read -r wall user sys rss < <(tail -1 "$work/time.txt")
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  local mid=$(((runs + 1) / 2))
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")
  if [ "$code" -gt 1 ]; then
    echo "${wall} s, exit $code: $(tail -1 "$work/err.txt" | cut -c1-120)"
  else
    echo "${wall} s (CPU ${cpu} s), peak RSS $((peak / 1024)) MiB"
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
  echo "cluster: $(du -sh "$proposal" | cut -f1) of YAML in $(find "$proposal" -name '*.yaml' | wc -l) files, $(wc -l <"$flows") stored edges; runs: $runs"
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
