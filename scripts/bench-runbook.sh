#!/usr/bin/env bash
# Time to contain and to finish forensics, Cordon vs the sequential boto3 runbook, through a proxy that adds
# DELAY_MS to every AWS call in front of moto. Results: docs/PERFORMANCE.md.
# usage: scripts/bench-runbook.sh [DELAY_MS=50] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || python3 -m pip install --quiet 'moto[server]'
swift build -c release --product cordon >/dev/null
exec python3 scripts/moto/bench_runbook.py "$(swift build -c release --show-bin-path)/cordon" "${1:-50}" "${2:-3}"
