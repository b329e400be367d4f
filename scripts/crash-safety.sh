#!/usr/bin/env bash
# Crash safety: ROUNDS rounds of concurrent ingestion and running workflows against moto, kill -9 at a random
# moment, restart on the same data directory; checks that nothing acknowledged is lost, every file parses, every
# workflow finishes and no AWS resource is made twice. Prints `N passed, N failed` last. Results:
# docs/RELIABILITY.md. CORDON_BIN overrides the binary (default: the debug build).
# usage: scripts/crash-safety.sh [ROUNDS=100] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || python3 -m pip install --quiet 'moto[server]'
source scripts/lib/cordon-bin.sh
exec timeout 3600 python3 tests/reliability/crash_safety.py "$CORDON_BIN" "${1:-100}" ${2:+"$2"}
