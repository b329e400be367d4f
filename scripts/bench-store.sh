#!/bin/sh
# Document store: durable put rate (64 concurrent) and startup loadAll time and memory for 10,000 and 100,000
# documents of about 2 KB, release mode, one process per size so memory figures are separate.
# Goal: 100,000 documents load in <= 2 s with RSS <= 200 MiB.
set -eu
cd "$(dirname "$0")/.."
for docs in 10000 100000; do
    CORDON_BENCH=1 CORDON_BENCH_DOCS="$docs" \
        swift test -c release --filter 'PersistenceBenchmarks/documentStoreWriteAndLoad' 2>&1 | grep '^store:'
done
