#!/usr/bin/env bash
# Sourced by bench/diff.sh and bench/preflight.sh: the large generated cluster and the baseline.
#   $flows     flow records of 200 namespaces x 25 workloads (5,000 workloads), written by our
#              generator (io.netpol.simulate.DiffBenchCluster): 109,000 distinct connections
#   $db        the store observe made of them (109,000 edges)
#   $proposal  what propose wrote from it: 10,400 policies in a folder per namespace
#   $empty     an empty folder: nothing deployed yet
#   $base_jar  the jar built from commit $baseline (git archive + ./mvnw package), unless none
# Everything is made once and reused; delete target/bench to start over.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
flows="$work/cluster.jsonl"
db="$work/cluster.db"
proposal="$work/cluster-proposal"
empty="$work/nothing-deployed"
[ -f "$flows" ] || java -cp target/netpol-recommend.jar io.netpol.simulate.DiffBenchCluster "$flows"
[ -f "$db" ] || bin/netpol-recommend observe --db "$db" "$flows"
if [ ! -d "$proposal" ]; then
  # propose needs more than 512 MiB at this size (its own scale work is another issue's).
  NETPOL_JAVA_OPTS=-Xmx2g bin/netpol-recommend propose --db "$db" --out "$proposal" >/dev/null
fi
mkdir -p "$empty"
base_jar=
if [ "${baseline:-none}" != none ]; then
  base="$work/baseline-$baseline"
  if [ ! -f "$base/target/netpol-recommend.jar" ]; then
    rm -rf "$base" && mkdir -p "$base"
    git archive "$baseline" | tar -x -C "$base"
    (cd "$base" && ./mvnw -q package -DskipTests)
  fi
  base_jar="$base/target/netpol-recommend.jar"
fi
