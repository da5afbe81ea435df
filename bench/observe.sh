#!/usr/bin/env bash
# Benchmark: observe against `jq -c .` on the same generated Hubble export, back to back in the
# same run, end to end into SQLite with the heap capped at 512 MiB.
#
# Usage: bench/observe.sh [LINES] [PODS] [RUNS]
#   LINES  lines of the export (default 1000000; ~1.25 KiB a line, like the Hubble exporter's)
#   PODS   0: the voting app's ten pods (default); N: a cluster of N distinct pods (simulate --pods);
#          calico: the voting app as Calico Enterprise flow logs (simulate --format calico)
#   RUNS   jq/observe pairs; the median ratio is printed last (default 3)
#
# The machine may be shared: each pair prints the load average before it, and the ratio of two
# runs made back to back is the figure to compare, not the lines per second alone.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
pods=${2:-0}
runs=${3:-3}
if ! command -v jq >/dev/null; then
  echo "bench/observe.sh: jq is not installed; it is the baseline (apt-get install -y jq)" >&2
  exit 2
fi
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
if [ "$pods" = calico ]; then
  flows="$work/calico-$lines.jsonl"
  [ -f "$flows" ] || bin/netpol-recommend simulate --format calico --lines "$lines" --out "$flows"
elif [ "$pods" -gt 0 ]; then
  flows="$work/hubble-pods$pods-$lines.jsonl"
  [ -f "$flows" ] || bin/netpol-recommend simulate --pods "$pods" --lines "$lines" --out "$flows"
else
  flows="$work/hubble-$lines.jsonl"
  [ -f "$flows" ] || bin/netpol-recommend simulate --format hubble --lines "$lines" --out "$flows"
fi
bytes=$(stat -c %s "$flows")
echo "java: $(java -version 2>&1 | head -1); $(jq --version); cores: $(nproc)"
echo "file: $flows, $lines lines, $((bytes / 1048576)) MiB ($((bytes / lines)) bytes a line)"

# Runs "$@" (its output to /dev/null, as writing it is no part of either) and sets wall and cpu
# (user + sys, seconds) from bash's time.
timed() {
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$work/err.txt"; } 2>&1 )
  wall=$(echo "$t" | awk '{print $1}')
  cpu=$(echo "$t" | awk '{printf "%.1f", $2 + $3}')
}

# The first observe after a build of the jar makes the launcher's class archive (a few seconds,
# once): made here, before the timed runs.
rm -f "$work/warm.db"*
bin/netpol-recommend observe --db "$work/warm.db" collectors/samples/voting-app-hubble.jsonl 2>/dev/null
rm -f "$work/warm.db"*

ratios=()
for run in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  timed jq -c . "$flows"
  jq_wall=$wall
  jq_cpu=$cpu
  rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
  timed env NETPOL_JAVA_OPTS="-Xmx512m" bin/netpol-recommend observe -v --db "$work/bench.db" "$flows"
  heap=$(grep -o 'peak heap: [^ ]* [^ ]*' "$work/err.txt" | cut -d' ' -f3-)
  read -r ratio line <<<"$(awk -v j="$jq_wall" -v o="$wall" -v n="$lines" -v b="$bytes" \
    -v jc="$jq_cpu" -v oc="$cpu" -v h="$heap" 'BEGIN {
      printf "%.1f jq -c . %.1f s (%d lines/s, CPU %.1f s); observe %.1f s (%d lines/s, %d MiB/s, CPU %.1f s, peak heap %s): %.1fx jq (CPU %.1fx)",
        j / o, j, n / j, jc, o, n / o, b / 1048576 / o, oc, h, j / o, jc / oc }')"
  echo "run $run (load $load): $line"
  ratios+=("$ratio")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
echo "median of $runs: observe at ${median}x jq -c . (load now $(cut -d' ' -f1-3 /proc/loadavg))"
