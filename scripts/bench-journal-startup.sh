#!/usr/bin/env bash
# Startup time with a long event journal (issue #7, crash safety: startup must not grow with the journal).
# Usage: scripts/bench-journal-startup.sh [events=200000]
#   BEFORE_BIN=<cordon binary> also times a build without checkpoints on the same data (e.g. main's release build).
#   BENCH_DATA=DIR reuses (or keeps) the data directory DIR instead of a temporary one.
#  1. Writes a data directory whose journal holds N CloudTrail events, ingested through the real IncidentService
#     (`swift test --filter JournalStartupBenchmark`, debug build): ~1.2 KB each, checkpoints written as the
#     service writes them, no last checkpoint (as after a crash).
#  2. Times exec -> first GET /readyz 200 (polled every 10 ms) of release `cordon` (this tree) and of BEFORE_BIN,
#     each on a fresh copy of that directory, twice (the first warms the page cache; both are printed):
#     "tail" is the state a crash leaves (replay from the last checkpoint); "after a restart" is the next start
#     (recovery wrote a checkpoint at the end); BEFORE_BIN replays and re-decodes the whole journal.
# Traffic stays on 127.0.0.1.
set -euo pipefail
events="${1:-200000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
port=18191
token="bench-journal-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
source "$root/scripts/lib/bench-cordon.sh"
after="$release_cordon"

data="${BENCH_DATA:-$work/data}"
if [ -d "$data/journal" ]; then
    echo "== reusing $data"
else
    echo "== writing $events CloudTrail events into the journal"
    (cd "$root" && CORDON_BENCH_JOURNAL_DIR="$data" CORDON_BENCH_JOURNAL_EVENTS="$events" \
        swift test --filter 'JournalStartupBenchmark' 2>&1 | grep -E '^bench-journal-startup:|error|failed')
fi
echo "== journal: $(du -sh "$data/journal" | cut -f1), $(ls "$data/journal" | grep -c '\.log$') segments"

# Starts $1 on the data in $2, stops it once ready; prints the seconds it took and the recovery line's figures.
start() {
    : >"$work/cordon.log"
    start_cordon "$1" "$2"
    stop_cordon
    echo "ready after ${ready} s; $(grep -o '"journal_records":[0-9]*\|"replayed_from":"[^"]*"\|"checkpoint_digests":[0-9]*' "$work/cordon.log" | tr '\n' ' ')"
}
# Times binary $2 labelled $1 twice, each time on a fresh copy of the data.
measure() {
    for run in 1 2; do
        rm -rf "$work/run"; cp -a "$data" "$work/run"
        echo "$1, run $run (tail since the last checkpoint): $(start "$2" "$work/run")"
    done
    echo "$1, after a restart (recovery's own checkpoint): $(start "$2" "$work/run")"
}
if [ -n "${BEFORE_BIN:-}" ]; then
    for run in 1 2; do
        rm -rf "$work/run"; cp -a "$data" "$work/run"
        echo "before ($BEFORE_BIN), run $run (whole journal): $(start "$BEFORE_BIN" "$work/run")"
    done
fi
measure "after ($after)" "$after"
