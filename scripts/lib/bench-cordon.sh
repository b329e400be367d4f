# Sourced by the startup benchmarks after they set `root` (the package root), `port` and `token`: a scratch
# directory `work` removed on exit (stopping a cordon still running), the release build of cordon in
# `release_cordon`, and starting a binary until GET /readyz answers 200.
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building cordon (release)"
(cd "$root" && swift build -c release --product cordon 2>&1 | tail -n 1)
release_cordon="$root/.build/release/cordon"

now() { date +%s.%N; }

# Starts binary $1 on data directory $2 (its log appended to $work/cordon.log), polls /readyz every 10 ms until it
# answers 200, and sets `pid` and `ready` (seconds from exec). Call it outside a command substitution when the
# process is to keep running: it would hold the substitution's pipe open.
start_cordon() {
    local began
    began="$(now)"
    CORDON_BOOTSTRAP_TOKEN="$token" "$1" --host 127.0.0.1 --port "$port" --data-dir "$2" >>"$work/cordon.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { tail -n 5 "$work/cordon.log" >&2; echo "cordon exited" >&2; exit 1; }
        sleep 0.01
    done
    ready="$(awk -v a="$began" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')"
}

stop_cordon() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
