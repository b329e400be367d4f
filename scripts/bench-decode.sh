#!/bin/sh
# Decode throughput of EventDecoder on the Invictus CloudTrail logs (../shared/testdata), in release mode.
# Prints "bench-decode: N records ... = R records/s". Nothing is asserted about the rate.
set -eu
cd "$(dirname "$0")/.."
CORDON_BENCH=1 swift test -c release --filter IngestionDecodeBenchmark 2>&1 | grep -E "bench-decode|error|failed"
