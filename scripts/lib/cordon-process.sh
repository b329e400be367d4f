# Sourced by the benchmarks that run the `cordon` binary, after they set `port` (and `token`, an admin token to
# start with, if they need one): a scratch directory `work` removed on exit (stopping a cordon still running), and
# starting and stopping a binary.
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }

# start_cordon BINARY DATADIR [VARIABLE=VALUE...]: starts BINARY on 127.0.0.1:$port and DATADIR with the given
# environment (its output appended to $work/cordon.log), polls /readyz every 10 ms until it answers 200, and sets
# `pid` and `ready` (seconds from exec). Call it outside a command substitution when the process is to keep
# running: it would hold the substitution's pipe open.
start_cordon() {
    local began
    began="$(now)"
    env ${token:+"CORDON_BOOTSTRAP_TOKEN=$token"} "${@:3}" "$1" --host 127.0.0.1 --port "$port" --data-dir "$2" \
        >>"$work/cordon.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { tail -n 5 "$work/cordon.log" >&2; echo "cordon exited" >&2; exit 1; }
        sleep 0.01
    done
    ready="$(awk -v a="$began" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')"
}

stop_cordon() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
