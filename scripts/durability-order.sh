#!/usr/bin/env bash
# Durability order and disk faults under strace: no 2xx before the fsync of the data it acknowledges, every create
# or rename followed by a directory fsync, and with fsync failing (EIO) or the disk full (ENOSPC) no dependent
# request acknowledged. Prints `N passed, N failed` last. Results: docs/RELIABILITY.md. Needs ptrace (root or
# CAP_SYS_PTRACE). CORDON_BIN overrides the binary (default: the debug build).
# usage: scripts/durability-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }
source scripts/lib/cordon-bin.sh
exec timeout 900 python3 tests/reliability/durability_order.py "$CORDON_BIN"
