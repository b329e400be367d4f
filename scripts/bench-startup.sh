#!/usr/bin/env bash
# Startup time and memory of the real `cordon` binary on a data directory of N stored incidents (issue #7:
# "Startup with 100,000 incidents <= 2 s; RSS with them loaded <= 200 MiB").
# Usage: scripts/bench-startup.sh [count] [wrk-seconds]   (defaults 100000 and 10); STARTS=n timed starts
#        BENCH_DATA=DIR reuses (or keeps) the data directory DIR instead of a temporary one.
#  1. Writes N copies of a contained incident made by the real service on a fake cloud (13 steps, evidence,
#     signals, timeline; ~4 KB each) with `swift test` (StartupBenchmark, no fsync).
#  2. Starts release `cordon` on it (the first start warms the page cache and, on a new data directory, reads
#     every file and writes the summary index), then STARTS more times (default 5), reporting for each the time
#     from exec until GET /readyz answers 200, the CPU time it used by then (user + sys, /proc/PID/stat), RSS
#     (VmRSS, VmHWM) and the load average: on this shared machine the wall time says more about the load.
#  3. Walks every page of GET /v1/incidents (limit 500) and reports the time and RSS after.
#  4. Starts cordon on an empty data directory: RSS at idle, then under wrk with 64 connections on /healthz.
# Traffic stays on 127.0.0.1.
set -euo pipefail
count="${1:-100000}"
wrk_seconds="${2:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
port=18190
token="bench-startup-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
source "$root/scripts/lib/bench-cordon.sh"

data="${BENCH_DATA:-$work/data}"
if [ -d "$data/incidents" ]; then
    echo "== reusing $(ls "$data/incidents" | wc -l) incidents in $data"
else
    echo "== writing $count incidents"
    (cd "$root" && CORDON_BENCH_STARTUP_DIR="$data" CORDON_BENCH_STARTUP_COUNT="$count" \
        swift test --filter 'StartupBenchmark' 2>&1 | grep '^startup:')
fi

rss() { awk -v key="$2:" '$1 == key {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# CPU seconds (user, sys) the running cordon has used, from /proc/PID/stat fields 14 and 15 (clock ticks).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "user %.2f s, sys %.2f s", $14 / hz, $15 / hz}' "/proc/$pid/stat"; }

echo "== startup on $(ls "$data/incidents" | wc -l) incidents ($(du -sh "$data/incidents" | cut -f1) on disk)"
start_cordon "$release_cordon" "$data"; echo "first start: ready after ${ready} s; $(cpu)"; stop_cordon
for run in $(seq "${STARTS:-5}"); do
    [ "$run" = 1 ] || stop_cordon
    start_cordon "$release_cordon" "$data"
    echo "ready after ${ready} s; CPU $(cpu); RSS $(rss "$pid" VmRSS) MiB, peak $(rss "$pid" VmHWM) MiB;" \
        "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
done

pages=0
cursor=""
began="$(now)"
while :; do
    url="http://127.0.0.1:$port/v1/incidents?limit=500${cursor:+&cursor=$cursor}"
    cursor="$(curl -sf -H "Authorization: Bearer $token" "$url" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"] or "")')"
    pages=$((pages + 1))
    [ -n "$cursor" ] || break
done
walk="$(awk -v a="$began" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')"
echo "listed $pages pages of 500 in ${walk} s; RSS $(rss "$pid" VmRSS) MiB, peak $(rss "$pid" VmHWM) MiB"
stop_cordon

echo "== empty data directory"
mkdir -p "$work/empty"
start_cordon "$release_cordon" "$work/empty"
sleep 1
echo "ready after ${ready} s; idle RSS $(rss "$pid" VmRSS) MiB"
if ! command -v wrk >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
wrk -t2 -c64 -d"${wrk_seconds}s" "http://127.0.0.1:$port/healthz" | grep -E 'Requests/sec|Latency' &
wrk_pid=$!
sleep "$((wrk_seconds / 2))"
under="$(rss "$pid" VmRSS)"
wait "$wrk_pid"
echo "RSS under 64 connections of wrk on /healthz: ${under} MiB (mid-run), peak $(rss "$pid" VmHWM) MiB"
