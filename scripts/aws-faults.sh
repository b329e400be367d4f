#!/usr/bin/env bash
# AWS faults: containment, forensics and access-key workflows through a proxy in front of moto that throttles,
# answers 500/503, drops responses after moto acted, delays and skews Date (scripts/moto/fault_proxy.py). Checks
# every workflow completes or fails clearly, no AWS resource is made twice and retries are bounded. Prints
# `N passed, N failed` last. Results: docs/RELIABILITY.md. CORDON_BIN overrides the binary (default: debug build).
# usage: scripts/aws-faults.sh [SEEDS=4] [FAULT_RATE=0.25]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || python3 -m pip install --quiet 'moto[server]'
source scripts/lib/cordon-bin.sh
exec timeout 1800 python3 tests/reliability/aws_faults.py "$CORDON_BIN" "${1:-4}" "${2:-0.25}"
