#!/usr/bin/env bash
# What the number of event loops (CORDON_HTTP_EVENT_LOOPS) does on this machine: for each count, a cordon on
# an empty data directory is measured with wrk (2 threads, 64 keep-alive connections on 127.0.0.1) on
#   GET /healthz                 answered on the loop itself;
#   POST /v1/events              one new CloudTrail record per request: decode, dedup, fsynced journal;
#   GET /v1/incidents?limit=5    an authenticated read answered from a task.
# The counts take turns in every round; medians over the rounds are printed. Nothing is asserted.
# Usage: scripts/bench-event-loops.sh [seconds-per-run] [rounds] [loop counts...]   (defaults 8, 3, "1 2")
#        CORDON_BIN=path/to/cordon scripts/bench-event-loops.sh ...   (measure that binary instead of building one)
set -euo pipefail
duration="${1:-8}"
rounds="${2:-3}"
counts=(1 2)
if [ "$#" -gt 2 ]; then counts=("${@:3}"); fi
root="$(cd "$(dirname "$0")/.." && pwd)"
token="bench-event-loops-token-0123456789"
export TOKEN="$token" # read by bench/wrk/post-cloudtrail.lua
port=18190
# shellcheck source=scripts/lib/wrk-cordon.sh
source "$root/scripts/lib/wrk-cordon.sh"
# shellcheck source=scripts/lib/wrk-figures.sh
source "$root/scripts/lib/wrk-figures.sh"

if [ -n "${CORDON_BIN:-}" ]; then
    cordon_bin="$CORDON_BIN"
else
    echo "== building cordon (release, static Swift stdlib)"
    (cd "$root" && swift build -c release --static-swift-stdlib --product cordon --scratch-path .build-static 2>&1 | tail -n 1)
    cordon_bin="$root/.build-static/release/cordon"
fi

measure() { # name wrk-arguments...: one wrk run, appended to $work/NAME as "rps p99-ms"
    local name="$1"; shift
    wrk -t2 -c64 -d"${duration}s" --latency "$@" > "$work/wrk.txt"
    if grep -qE 'Non-2xx|Socket errors' "$work/wrk.txt"; then
        echo "$name: $(grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" | tr -s ' ')" >&2
        grep -v '"/healthz"' "$work/cordon.log" | tail -n 2 >&2
    fi
    local rps p99
    rps="$(wrk_rps "$work/wrk.txt")"
    p99="$(wrk_p99_ms "$work/wrk.txt")"
    echo "$rps $p99" >> "$work/$name"
    printf '  round %s %-28s %10s req/s   p99 %6.2f ms\n' "$round" "$name" "$rps" "$p99"
}


echo "== wrk -t2 -c64 -d${duration}s, loop counts: ${counts[*]}, $rounds rounds"
for round in $(seq 1 "$rounds"); do
    for loops in "${counts[@]}"; do
        rm -rf "$work/data"
        : >"$work/cordon.log"
        start_cordon "$cordon_bin" "$work/data" CORDON_HTTP_EVENT_LOOPS="$loops"
        base="http://127.0.0.1:$port"
        wrk -t2 -c64 -d2s "$base/healthz" >/dev/null
        measure "loops=$loops healthz" "$base/healthz"
        measure "loops=$loops post-events" -s "$root/bench/wrk/post-cloudtrail.lua" "$base/v1/events"
        measure "loops=$loops get-incidents" -H "Authorization: Bearer $token" "$base/v1/incidents?limit=5"
        stop_cordon
    done
done
echo "== medians"
for loops in "${counts[@]}"; do
    for route in healthz post-events get-incidents; do
        file="$work/loops=$loops $route"
        printf '%-28s %10s req/s   p99 %6s ms\n' "loops=$loops $route" "$(median "$file" 1)" "$(median "$file" 2)"
    done
done
