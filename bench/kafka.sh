#!/usr/bin/env bash
# Benchmark: records/s from Kafka (in-process KRaft broker) into SQLite through observe's consumer.
# Usage: bench/kafka.sh [RECORDS]   (default 500000)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q test -Dtest=KafkaBenchIT -Dbench -Dbench.records="${1:-500000}" -Dsurefire.failIfNoSpecifiedTests=false
grep -h '^BENCH' target/surefire-reports/io.netpol.kafka.KafkaBenchIT-output.txt
