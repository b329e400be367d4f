# Sourced by the wrk benchmarks (bench-event-loops.sh, bench-request-cpu.sh) after they set `root` and `port`:
# wrk and time(1), installed if missing, and everything scripts/lib/cordon-process.sh gives.
if ! command -v wrk >/dev/null || [ ! -x /usr/bin/time ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk time >/dev/null
fi
# shellcheck source=scripts/lib/cordon-process.sh
source "$root/scripts/lib/cordon-process.sh"
