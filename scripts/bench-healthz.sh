#!/usr/bin/env bash
# Load benchmark of GET /healthz: cordon vs nginx (static JSON file, 2 workers) vs a Hummingbird 2
# hello-world, one after the other in the same run, with wrk on 127.0.0.1 (64 keep-alive connections).
# Usage: scripts/bench-healthz.sh [seconds-per-run] [rounds]   (defaults 10 and 3)
#        CORDON_BIN=path/to/cordon scripts/bench-healthz.sh ...   (measure that binary instead of building one)
#        BASELINE_BIN=path/to/older/cordon ...   (also measure an older build, as "baseline", in the same rounds)
# The servers take turns (cordon, nginx, hummingbird, then again) so that load from other processes on
# the machine falls on all of them alike; the medians over the rounds are reported.
# Prints requests/s, p99 latency and ratios, and cordon's idle RSS. Traffic stays on loopback.
set -euo pipefail
duration="${1:-10}"
rounds="${2:-3}"
connections=64
threads=2
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/wrk-figures.sh
source "$root/scripts/lib/wrk-figures.sh"
out="$root/bench/out"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# Both Swift servers are linked with --static-swift-stdlib, as a container image would ship them: the
# dynamic Swift and Foundation libraries alone keep ~19 MiB of file-backed pages resident.
# Separate scratch paths keep these builds from invalidating the ordinary debug/release ones.
if [ -n "${CORDON_BIN:-}" ]; then
    cordon_bin="$CORDON_BIN"
    echo "== cordon: $cordon_bin (CORDON_BIN, not rebuilt)"
else
    echo "== building cordon (release, static Swift stdlib)"
    (cd "$root" && swift build -c release --static-swift-stdlib --product cordon --scratch-path .build-static 2>&1 | tail -n 1)
    cordon_bin="$root/.build-static/release/cordon"
fi

echo "== building the Hummingbird 2 peer (release; first build takes minutes)"
# Built from a copy in bench/out/hummingbird-hello: SwiftPM names a root package after its folder, and a
# root named "hummingbird" would clash with the hummingbird dependency itself.
peer="$out/hummingbird-hello"
mkdir -p "$peer"
cp "$root/bench/hummingbird/Package.swift" "$peer/"
rm -rf "$peer/Sources" && cp -r "$root/bench/hummingbird/Sources" "$peer/"
(cd "$peer" && swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | tail -n 1)
hummingbird_bin="$peer/.build-static/release/HummingbirdHello"

cordon_port=18180 nginx_port=18181 hummingbird_port=18182 baseline_port=18183
servers="cordon nginx hummingbird"

# nginx workers run as an unprivileged user: the temp dir and the file must be world-readable.
chmod 755 "$work"
printf '{"status":"ok"}' > "$work/healthz.json"
chmod 644 "$work/healthz.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log $work/nginx-access.log;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        location = /healthz { default_type application/json; alias $work/healthz.json; }
    }
}
NGINX

wait_for() {
    for _ in $(seq 1 100); do
        if curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "server on port $1 did not come up" >&2
    exit 1
}

"$cordon_bin" --port "$cordon_port" --data-dir "$work/data" 2>"$work/cordon.log" &
cordon_pid=$!; pids+=("$cordon_pid")
"$nginx_bin" -c "$work/nginx.conf" &
pids+=("$!")
"$hummingbird_bin" "$hummingbird_port" >/dev/null 2>&1 &
pids+=("$!")
wait_for $cordon_port; wait_for $nginx_port; wait_for $hummingbird_port
if [ -n "${BASELINE_BIN:-}" ]; then
    "$BASELINE_BIN" --port "$baseline_port" --data-dir "$work/baseline-data" >/dev/null 2>"$work/baseline.log" &
    pids+=("$!")
    wait_for $baseline_port
    servers="$servers baseline"
fi
sleep 1
idle_rss_kib="$(awk '/VmRSS/ {print $2}' /proc/$cordon_pid/status)"

run() { # name port: one measured round, appended to bench/out/rounds-NAME.txt as "rps p99-ms"
    wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$2/healthz" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$2/healthz" > "$out/wrk-$1.txt"
    if grep -qE 'Non-2xx|Socket errors' "$out/wrk-$1.txt"; then
        echo "$1: $(grep -E 'Non-2xx|Socket errors' "$out/wrk-$1.txt" | tr -s ' ')" >&2
    fi
    rps="$(wrk_rps "$out/wrk-$1.txt")"
    p99="$(wrk_p99_ms "$out/wrk-$1.txt")"
    echo "$rps $p99" >> "$out/rounds-$1.txt"
    # The 1-minute load average: the machine is shared, and p99 moves with it.
    printf '  round %s %-12s %12s req/s   p99 %8.2f ms   load %s\n' "$round" "$1" "$rps" "$p99" "$(cut -d' ' -f1 /proc/loadavg)"
}


echo "== wrk -t$threads -c$connections -d${duration}s --latency, GET /healthz on 127.0.0.1, $rounds rounds"
rm -f "$out"/rounds-*.txt
for round in $(seq 1 "$rounds"); do
    run cordon $cordon_port
    run nginx $nginx_port
    run hummingbird $hummingbird_port
    if [ -n "${BASELINE_BIN:-}" ]; then run baseline $baseline_port; fi
done
loaded_rss_kib="$(awk '/VmRSS/ {print $2}' /proc/$cordon_pid/status)"
echo "== medians"
for name in $servers; do
    printf '%-12s %12s req/s   p99 %8s ms\n' "$name" "$(median "$out/rounds-$name.txt" 1)" "$(median "$out/rounds-$name.txt" 2)"
done
rps_cordon="$(median "$out/rounds-cordon.txt" 1)"
rps_nginx="$(median "$out/rounds-nginx.txt" 1)"
rps_hummingbird="$(median "$out/rounds-hummingbird.txt" 1)"

echo "== ratios"
awk -v c="$rps_cordon" -v n="$rps_nginx" -v h="$rps_hummingbird" \
    -v cp="$(median "$out/rounds-cordon.txt" 2)" -v hp="$(median "$out/rounds-hummingbird.txt" 2)" 'BEGIN {
    printf "cordon / hummingbird req/s: %.2f   (goal >= 1.5)\n", c / h
    printf "cordon / nginx req/s:       %.2f   (goal >= 0.7)\n", c / n
    printf "cordon p99 / hummingbird p99: %.2f   (goal <= 1.0)\n", cp / hp
}'
echo "cordon RSS: idle $((idle_rss_kib / 1024)) MiB (${idle_rss_kib} KiB; goal <= 15 MiB), after load $((loaded_rss_kib / 1024)) MiB"
echo "per-round numbers: bench/out/rounds-*.txt; last wrk output: bench/out/wrk-*.txt"
