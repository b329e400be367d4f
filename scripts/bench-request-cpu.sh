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
if ! command -v wrk >/dev/null || [ ! -x /usr/bin/time ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk time >/dev/null
fi
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
port=18195
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks
hertz="$(getconf CLK_TCK)"

for round in $(seq 1 "$rounds"); do
    for binary in "$@"; do
        rm -rf "$work/data"
        "$binary" --port "$port" --data-dir "$work/data" >/dev/null 2>"$work/cordon.log" &
        pid=$!
        until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
            kill -0 "$pid" 2>/dev/null || { tail -n 3 "$work/cordon.log" >&2; exit 1; }
            sleep 0.05
        done
        wrk -t2 -c64 -d2s "http://127.0.0.1:$port/healthz" >/dev/null
        before="$(ticks "$pid")"
        /usr/bin/time -f "%U %S" -o "$work/wrk-time" wrk -t2 -c64 -d8s --latency "http://127.0.0.1:$port/healthz" > "$work/wrk.txt"
        after="$(ticks "$pid")"
        kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
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
