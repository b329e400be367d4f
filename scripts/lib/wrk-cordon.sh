# Sourced by the wrk benchmarks (bench-event-loops.sh, bench-request-cpu.sh): installs wrk (and time(1)) if
# missing, makes a scratch directory `work` removed on exit (stopping a cordon still running), and starts and stops
# a cordon on an empty data directory.
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

# start_cordon BINARY PORT [VARIABLE=VALUE...]: runs BINARY on 127.0.0.1:PORT with a new data directory and the
# given environment (its log in $work/cordon.log), sets `pid`, and returns once GET /healthz answers.
start_cordon() {
    rm -rf "$work/data"
    env "${@:3}" "$1" --port "$2" --data-dir "$work/data" >/dev/null 2>"$work/cordon.log" &
    pid=$!
    until curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { tail -n 3 "$work/cordon.log" >&2; exit 1; }
        sleep 0.05
    done
}

stop_cordon() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
}
