#!/usr/bin/env bash
# Raw-socket hostile HTTP suite (RFC 9112/9110: framing, smuggling, request line, limits, Host, Expect,
# HEAD, pipelining, connection handling) against a release cordon on a free loopback port.
# Usage: scripts/hostile-http.sh [--verbose]
# Last line: "N passed, N failed"; exits non-zero on any failure. Python 3 standard library only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/tests/hostile/cordon-server.sh"
trap stop_cordon EXIT
start_cordon "$root"
status=0
python3 "$root/tests/hostile/hostile_http.py" "$CORDON_PORT" "$@" || status=$?
if ! kill -0 "$CORDON_PID" 2>/dev/null; then
    echo "cordon died during the suite:" >&2
    tail -n 20 "$CORDON_LOG" >&2
    status=1
fi
exit "$status"
