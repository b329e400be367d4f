#!/usr/bin/env bash
# Fuzzes the running API against openapi.yaml with schemathesis: builds cordon, starts it on a free loopback
# port (--port 0; the port is read from its "started" log line) with a temporary data directory, runs the
# checks below with a bounded number of examples and a time budget, then stops it.
#
#   scripts/schemathesis.sh                      # defaults: 50 examples per operation, 300 s budget
#   MAX_EXAMPLES=200 MAX_TIME=900 scripts/schemathesis.sh
#
# It tests whatever main.swift wires: the full API once the live IncidentService is wired there.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

MAX_EXAMPLES="${MAX_EXAMPLES:-50}"
MAX_TIME="${MAX_TIME:-300}"

if ! command -v schemathesis >/dev/null 2>&1; then
    python3 -m pip install --quiet schemathesis
fi
command -v moto_server >/dev/null 2>&1 || python3 -m pip install --quiet 'moto[server]'

swift build --product cordon
bin="$(swift build --show-bin-path)/cordon"

work="$(mktemp -d)"
pid=""
moto=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait "$pid" || true
    fi
    if [ -n "$moto" ]; then kill "$moto" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# An admin token for the run, so every operation is reachable (the auth matrix is tested in AuthMatrixTests).
token="schemathesis-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# AWS is a moto server on loopback (no instance metadata either, 169.254.169.254), so the routes that call AWS
# (plan, dry run, workflows) get real AWS answers: a made-up instance is a 404, not a network failure.
moto_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto=$!
for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$moto_port/moto-api/" && break
    sleep 0.1
done
AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" AWS_REGION=us-east-1 \
AWS_ACCESS_KEY_ID=AKIDSCHEMATHESIS AWS_SECRET_ACCESS_KEY=schemathesis-secret \
CORDON_BOOTSTRAP_TOKEN="$token" "$bin" --host 127.0.0.1 --port 0 --data-dir "$work/data" 2>"$work/cordon.log" &
pid=$!

port=""
for _ in $(seq 1 100); do
    port="$(grep -o '"msg":"started"[^}]*"port":[0-9]*' "$work/cordon.log" | grep -o '[0-9]*$' || true)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/cordon.log" >&2; echo "cordon exited before listening" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "cordon did not report its port" >&2; exit 1; }
echo "cordon listening on 127.0.0.1:$port (data in $work/data)"

status=0
# Run from the temporary directory so schemathesis's own cache does not land in the worktree.
(cd "$work" && schemathesis run "$root/openapi.yaml" \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "$MAX_EXAMPLES" \
    --max-time "$MAX_TIME" \
    --workers 1 \
    --seed 1 \
    --request-timeout 10 \
    --generation-database none \
    --no-color) || status=$?

if [ "$status" -ne 0 ]; then
    echo "--- last lines of cordon's log ---" >&2
    tail -n 20 "$work/cordon.log" >&2
fi
exit "$status"
