#!/bin/sh
# Durable ingestion throughput of IncidentService (decode, dedup, fsynced journal, rules) on the Invictus
# CloudTrail logs (../shared/testdata), posted by 8, 32 and 64 concurrent tasks, in release mode.
# Prints "bench-ingest: N concurrent tasks ... records/s". Nothing is asserted about the rate.
set -eu
cd "$(dirname "$0")/.."
CORDON_BENCH=1 swift test -c release --filter ServiceIngestBenchmark 2>&1 | grep -E "bench-ingest|error|failed"
