#!/bin/sh
# Event journal group-commit throughput: 1 KiB records, 64 concurrent appenders, batches of 100 and of 1,
# release mode. Prints records/s; the service's goal is >= 50,000 CloudTrail records/s durable.
set -eu
cd "$(dirname "$0")/.."
run() {
    CORDON_BENCH=1 CORDON_BENCH_BATCH="$1" CORDON_BENCH_BATCHES="$2" \
        swift test -c release --filter 'PersistenceBenchmarks/journalAppendRate' 2>&1 | grep '^journal:'
}
run 100 20
run 1 200
