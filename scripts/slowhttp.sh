#!/usr/bin/env bash
# Slow-client runs against a release cordon on loopback while a probe requests GET /healthz every 100 ms:
#   1. slowloris check (issue #2): 1,000 connections trickling a head are each answered 408 and closed
#      within the header timeout (10 s, the engine default) plus 1.5 s;
#   2. slowhttptest -H (slow headers), 3. -B (slow body), 4. -X (slow read): 1,000 connections each,
#      at most 60 s per run. The service must stay available: no probe may fail (2 s timeout).
# Usage: scripts/slowhttp.sh [connections]   (default 1000). Needs: apt-get install slowhttptest.
# Last line: "N passed, N failed" over the checks above; exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
connections="${1:-1000}"
command -v slowhttptest >/dev/null || { echo "slowhttp: apt-get install slowhttptest" >&2; exit 2; }
source "$root/tests/hostile/cordon-server.sh"
probe_pid=""
cleanup() {
    [ -n "$probe_pid" ] && kill -TERM "$probe_pid" 2>/dev/null || true
    stop_cordon
}
trap cleanup EXIT
# Each slow connection is one descriptor here and one in cordon (its cap is 1,024 connections).
ulimit -n 8192 2>/dev/null || true
start_cordon "$root"
url="http://127.0.0.1:$CORDON_PORT/healthz"
passed=0
failed=0

start_probe() {
    python3 "$root/tests/hostile/probe.py" "$CORDON_PORT" > "$CORDON_WORK/probe.json" &
    probe_pid=$!
}

# Stops the probe and judges the phase named $1: no failed probe and cordon still running.
finish_probe() {
    kill -TERM "$probe_pid"
    wait "$probe_pid" || true
    probe_pid=""
    local summary
    summary="$(cat "$CORDON_WORK/probe.json")"
    if kill -0 "$CORDON_PID" 2>/dev/null && echo "$summary" | grep -q '"failures": 0,'; then
        echo "ok   $1: available throughout; probe $summary"
        passed=$((passed + 1))
    else
        echo "FAIL $1: probe $summary (cordon running: $(kill -0 "$CORDON_PID" 2>/dev/null && echo yes || echo no))"
        failed=$((failed + 1))
    fi
}

# Runs slowhttptest with the given mode flags; prints how it ended and when its last connection closed.
slow_run() {
    local name="$1"
    shift
    local prefix="$CORDON_WORK/$name"
    (cd "$CORDON_WORK" && slowhttptest "$@" -c "$connections" -r 200 -l 60 -p 2 -u "$url" -g -o "$prefix") > "$prefix.out" 2>&1 || true
    if [ ! -f "$prefix.csv" ]; then
        echo "FAIL $name: slowhttptest did not run: $(tr -d '\000' < "$prefix.out" | head -n 2 | tr '\n' ' ')"
        failed=$((failed + 1))
        return 0
    fi
    local ended
    ended="$(sed 's/\x1b\[[0-9;]*m//g' "$prefix.out" | tr -d '\000' | grep -aE 'Test ended on|Exit status' | tr '\n' ' ')"
    # CSV columns: seconds, closed, pending, connected, service available.
    local peak
    peak="$(awk -F, 'NR > 1 && $4 > max { max = $4 } END { print max + 0 }' "$prefix.csv")"
    echo "     $name: peak $peak connected; $ended"
}

echo "== slowloris: $connections connections, header timeout 10 s"
start_probe
if python3 "$root/tests/hostile/slowloris.py" "$CORDON_PORT" --connections "$connections" --header-timeout 10 --interval 2 | sed 's/^/     /' | tee "$CORDON_WORK/slowloris.txt" | tail -n 2; then
    echo "ok   slowloris: every connection answered 408 and closed within the header timeout"
    passed=$((passed + 1))
else
    echo "FAIL slowloris: see above"
    failed=$((failed + 1))
fi
finish_probe "slowloris"

echo "== slowhttptest -H (slow headers, a header line every 5 s)"
start_probe
slow_run slow-headers -H -i 5
finish_probe "slow headers"

echo "== slowhttptest -B (slow body: GET /healthz with Content-Length 8192, a piece every 5 s)"
start_probe
slow_run slow-body -B -t GET -s 8192 -i 5
finish_probe "slow body"

echo "== slowhttptest -X (slow read: 10 pipelined requests a connection, 8 bytes a second, window 1-64)"
start_probe
slow_run slow-read -X -k 10 -n 1 -z 8 -w 1 -y 64
finish_probe "slow read"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
