#!/usr/bin/env bash
# CPU time per GET /healthz request, of the server and of the client: each given cordon binary runs on an empty
# data directory under `wrk -t2 -c64 -d8s` (after a 2 s warm-up) on 127.0.0.1, and the CPU time both processes
# used (utime + stime from /proc and from time(1)) is divided by the requests served. When one loop carries the
# load, the server's figure is what bounds its throughput; it varies less between runs than requests/s does.
# The binaries take turns in every round. Nothing is asserted.
# Usage: scripts/bench-request-cpu.sh ROUNDS BINARY...   (CORDON_HTTP_EVENT_LOOPS and other settings pass through)
set -euo pipefail
rounds="${1:?usage: scripts/bench-request-cpu.sh ROUNDS BINARY...}"
shift
[ "$#" -gt 0 ] || { echo "usage: scripts/bench-request-cpu.sh ROUNDS BINARY..." >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
port=18195
# shellcheck source=scripts/lib/wrk-cordon.sh
source "$root/scripts/lib/wrk-cordon.sh"
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks
hertz="$(getconf CLK_TCK)"

for round in $(seq 1 "$rounds"); do
    for binary in "$@"; do
        rm -rf "$work/data"
        : >"$work/cordon.log"
        start_cordon "$binary" "$work/data"
        wrk -t2 -c64 -d2s "http://127.0.0.1:$port/healthz" >/dev/null
        before="$(ticks "$pid")"
        /usr/bin/time -f "%U %S" -o "$work/wrk-time" wrk -t2 -c64 -d8s --latency "http://127.0.0.1:$port/healthz" > "$work/wrk.txt"
        after="$(ticks "$pid")"
        stop_cordon
        awk -v before="$before" -v after="$after" -v hz="$hertz" -v name="$binary" -v round="$round" \
            -v wrk_cpu="$(awk '{ print $1 + $2 }' "$work/wrk-time")" '
            /requests in/ { requests = $1 }
            $1 == "99%" { p99 = $2 }
            END {
                printf "round %s %s: %.0f req/s, server %.2f us/request, wrk %.2f us/request, p99 %s\n", round, name,
                    requests / 8, (after - before) / hz * 1e6 / requests, wrk_cpu * 1e6 / requests, p99
            }' "$work/wrk.txt"
    done
done
