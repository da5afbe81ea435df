#!/usr/bin/env bash
# Benchmark: propose on a large generated cluster's store, end to end (JVM start to exit), run as
# users run it (bin/netpol-recommend: 512 MiB heap), for --out, -o yaml and -o json: wall time, CPU
# time (user + system, all threads) and peak RSS, with the load average before each run.
# Usage: bench/propose.sh [WORKLOADS] [EDGES]   (default 5000 100000)
# The store is made once: simulate --large-cluster writes the flow records, observe stores them.
# BASELINE_JAR=path/to/netpol-recommend.jar runs the same commands with another build in the same
# run, as its launcher ran propose (java -Xmx512m -jar, then BASELINE_OPTS: JVM options, e.g. the
# launcher's "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" since d750381), and checks that both wrote
# the same bytes.
# RUNS=N runs each command N times and reports the run of median wall time (default 1).
# FORMATS="helm cilium ..." also runs --output-format F --out DIR for each format listed;
# MODES="out rerun yaml json" (the default) are the kubernetes runs: --out DIR into a folder that
# does not exist yet, --out DIR again into the folder the run before wrote (a user's re-run), -o
# yaml, -o json.
# Each --out run writes a folder of its own, and no output is deleted before the last run: the
# folders are moved aside (a rename) and deleted when the script ends. Deleting ten thousand files
# right before a timed run would make it pay for them: ext4 without a journal (this machine's) has
# every file created scan past the inodes freed in the last minute or more, seconds of system time
# for a run that creates ten thousand (fs/ext4/ialloc.c, recently_deleted). For the same reason run
# out before rerun (the default order): a re-run of a build that writes every file anew deletes the
# old folder's files.
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
# The launcher makes propose's class archive on the first propose after a build: not in a timed run.
bin/netpol-recommend propose --help > /dev/null

# What earlier runs wrote is moved aside now and deleted with this run's when the script ends.
trash="$work/trash.$$"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT
for old in "$work"/out-*; do
  [ -e "$old" ] && mv "$old" "$trash/"
done

# run LABEL OUTDIR COMMAND...: one propose run; its output goes to OUTDIR (stdout to OUTDIR.out).
run() {
  local label=$1 dir=$2
  shift 2
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

# median LABEL OUTDIR COMMAND...: RUNS runs, the one of median wall time reported. Every run
# writes into a folder of its own, OUTDIR-N (N = 1, 2...), unless REUSE=1: then every run writes
# into OUTDIR-1 again, which a first run made.
median() {
  local label=$1 dir=$2 line
  shift 2
  local results=()
  for i in $(seq "$runs"); do
    local into="$dir-$i"
    if [ "${REUSE:-}" = 1 ]; then
      into="$dir-1"
    elif [ -e "$into" ] || [ -e "$into.out" ]; then
      mv "$into" "$into.out" "$trash/" 2> /dev/null || true
    fi
    if ! line=$(run "$label" "$into" "${@//@DIR@/$into}"); then
      echo "$line"
      return 1
    fi
    results+=("$line")
  done
  local field=$(($(wc -w <<< "$label") + 1))
  printf '%s\n' "${results[@]}" | sort -t' ' -k"$field" -n | sed -n "$(((runs + 1) / 2))p"
}

for mode in ${MODES-out rerun yaml json} ${FORMATS:-}; do
  reuse=
  name=$mode
  if [ "$mode" = out ]; then
    shown="--out DIR"
    args=(--out @DIR@)
  elif [ "$mode" = rerun ]; then
    # Into the folder the first --out run of the same build wrote (written now if there is none).
    shown="--out DIR, again"
    args=(--out @DIR@)
    name=out
    reuse=1
  elif [ "$mode" != yaml ] && [ "$mode" != json ]; then
    shown="--output-format $mode --out DIR"
    args=(--output-format "$mode" --out @DIR@)
  else
    shown="-o $mode"
    args=(-o "$mode")
  fi
  new="$work/out-$name-new" base="$work/out-$name-base"
  if [ -n "$reuse" ] && [ ! -d "$new-1" ]; then
    bin/netpol-recommend propose --db "$db" "${args[@]//@DIR@/$new-1}" 2> /dev/null
  fi
  REUSE=$reuse median "propose $shown: this build:" "$new" \
    bin/netpol-recommend propose -v --db "$db" "${args[@]}" || continue
  if [ -n "${BASELINE_JAR:-}" ]; then
    # shellcheck disable=SC2086 # BASELINE_OPTS are words, each an option
    baseline=(java -Xmx512m ${BASELINE_OPTS:-} -jar "$BASELINE_JAR" propose)
    if [ -n "$reuse" ] && [ ! -d "$base-1" ]; then
      "${baseline[@]}" --db "$db" "${args[@]//@DIR@/$base-1}" 2> /dev/null
    fi
    if REUSE=$reuse median "propose $shown: baseline:  " "$base" \
      "${baseline[@]}" -v --db "$db" "${args[@]}"; then
      if [ "${args[0]}" != -o ]; then
        diff -r "$new-1" "$base-1" > /dev/null && same=identical || same=DIFFERENT
      else
        cmp -s "$new-1.out" "$base-1.out" && same=identical || same=DIFFERENT
      fi
      echo "  output: $same to the baseline's"
    fi
  fi
done
