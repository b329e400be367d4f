#!/usr/bin/env bash
# Load benchmark of GET /healthz: cordon vs nginx (static JSON file, 2 workers) vs a Hummingbird 2
# hello-world, one after the other in the same run, with wrk on 127.0.0.1 (64 keep-alive connections).
# Usage: scripts/bench-healthz.sh [seconds-per-run]   (default 15)
# Prints requests/s, p99 latency and ratios, and cordon's idle RSS. Traffic stays on loopback.
set -euo pipefail
duration="${1:-15}"
connections=64
threads=2
root="$(cd "$(dirname "$0")/.." && pwd)"
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

echo "== building cordon (release)"
(cd "$root" && swift build -c release --product cordon 2>&1 | tail -n 1)
cordon_bin="$(cd "$root" && swift build -c release --show-bin-path)/cordon"

echo "== building the Hummingbird 2 peer (release; first build takes minutes)"
# Built from a copy in bench/out/hummingbird-hello: SwiftPM names a root package after its folder, and a
# root named "hummingbird" would clash with the hummingbird dependency itself.
peer="$out/hummingbird-hello"
mkdir -p "$peer"
cp "$root/bench/hummingbird/Package.swift" "$peer/"
rm -rf "$peer/Sources" && cp -r "$root/bench/hummingbird/Sources" "$peer/"
(cd "$peer" && swift build -c release 2>&1 | tail -n 1)
hummingbird_bin="$(cd "$peer" && swift build -c release --show-bin-path)/HummingbirdHello"

cordon_port=18180 nginx_port=18181 hummingbird_port=18182

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
sleep 1
idle_rss_kib="$(awk '/VmRSS/ {print $2}' /proc/$cordon_pid/status)"

run() { # name port
    wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$2/healthz" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$2/healthz" > "$out/wrk-$1.txt"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk-$1.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$out/wrk-$1.txt")"
    errors="$(grep -E 'Non-2xx|Socket errors' "$out/wrk-$1.txt" | tr -s ' ' | paste -sd ';' - || true)"
    printf '%-12s %12s req/s   p99 %-9s %s\n' "$1" "$rps" "$p99" "$errors"
    eval "rps_$1=$rps"
}

echo "== wrk -t$threads -c$connections -d${duration}s --latency, GET /healthz on 127.0.0.1"
run cordon $cordon_port
run nginx $nginx_port
run hummingbird $hummingbird_port
loaded_rss_kib="$(awk '/VmRSS/ {print $2}' /proc/$cordon_pid/status)"

echo "== ratios"
awk -v c="$rps_cordon" -v n="$rps_nginx" -v h="$rps_hummingbird" 'BEGIN {
    printf "cordon / hummingbird: %.2f   (goal >= 1.5)\n", c / h
    printf "cordon / nginx:       %.2f   (goal >= 0.7)\n", c / n
}'
echo "cordon RSS: idle $((idle_rss_kib / 1024)) MiB (${idle_rss_kib} KiB; goal <= 15 MiB), after load $((loaded_rss_kib / 1024)) MiB"
echo "raw wrk output: bench/out/wrk-*.txt"
