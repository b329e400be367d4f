# Sourced by scripts/hostile-http.sh and scripts/slowhttp.sh: builds cordon (release) and runs it on a free
# loopback port with a temporary data directory. Sets CORDON_PID, CORDON_PORT, CORDON_WORK, CORDON_LOG.
# Usage: start_cordon ROOT [extra cordon flags...]; stop_cordon (also run from the EXIT trap).

start_cordon() {
    local root="$1"
    shift
    (cd "$root" && swift build -c release --product cordon 2>&1 | tail -n 1) >&2
    CORDON_WORK="$(mktemp -d)"
    CORDON_LOG="$CORDON_WORK/cordon.log"
    "$root/.build/release/cordon" --host 127.0.0.1 --port 0 --data-dir "$CORDON_WORK/data" "$@" 2>"$CORDON_LOG" &
    CORDON_PID=$!
    CORDON_PORT=""
    for _ in $(seq 1 100); do
        CORDON_PORT="$(grep -o '"msg":"started".*"port":[0-9]*' "$CORDON_LOG" 2>/dev/null | grep -o '[0-9]*$' || true)"
        [ -n "$CORDON_PORT" ] && break
        kill -0 "$CORDON_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$CORDON_PORT" ]; then
        echo "cordon did not start:" >&2
        cat "$CORDON_LOG" >&2
        return 1
    fi
    echo "cordon pid $CORDON_PID on 127.0.0.1:$CORDON_PORT (data $CORDON_WORK/data)" >&2
}

stop_cordon() {
    if [ -n "${CORDON_PID:-}" ] && kill -0 "$CORDON_PID" 2>/dev/null; then
        kill -TERM "$CORDON_PID"
        wait "$CORDON_PID" 2>/dev/null || true
    fi
    CORDON_PID=""
    [ -n "${CORDON_WORK:-}" ] && rm -rf "$CORDON_WORK"
    CORDON_WORK=""
}
