#!/usr/bin/env bash
# Benchmark: observe on a generated Hubble export, end to end into SQLite, heap capped at 512 MiB.
# Usage: bench/observe.sh [LINES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
work=target/bench
mkdir -p "$work"
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
flows="$work/hubble-$lines.jsonl"
[ -f "$flows" ] || bin/netpol-recommend simulate --format hubble --lines "$lines" --out "$flows"
rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); file: $(du -h "$flows" | cut -f1), $lines lines"
NETPOL_JAVA_OPTS="-Xmx512m" bin/netpol-recommend observe -v --db "$work/bench.db" "$flows"
