#!/usr/bin/env bash
# Benchmark: records/s from Kafka (in-process KRaft broker, on the same processors) into SQLite
# through observe's consumer (records read ahead, batches written behind).
# Usage: bench/kafka.sh [RECORDS] [SHAPE] [CONSUMER]
#   RECORDS   Hubble records on the topic (default 500000)
#   SHAPE     mixed: every message shape observe reads (JSON, Fluent Bit log strings, NDJSON batches,
#             protobuf; the default); collectors: as the collectors/ shippers send them
#   CONSUMER  launcher: bin/netpol-recommend observe in its own JVM, as users run it (the default);
#             in-process: a consumer in the broker's JVM, with the CPU of each kind of thread
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/netpol-recommend.jar ] || ./mvnw -q package -DskipTests
# The first observe after a build of the jar makes the launcher's class archive (a few seconds,
# once): made here, before the timed run.
warm=$(mktemp -d)
bin/netpol-recommend observe --db "$warm/warm.db" collectors/samples/voting-app-hubble.jsonl 2>/dev/null
rm -rf "$warm"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -q test -Dtest=KafkaBenchIT -Dbench -Dbench.records="${1:-500000}" \
  -Dbench.shape="${2:-mixed}" -Dbench.consumer="${3:-launcher}" -Dsurefire.failIfNoSpecifiedTests=false
grep -h '^BENCH' target/surefire-reports/io.netpol.kafka.KafkaBenchIT-output.txt
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
