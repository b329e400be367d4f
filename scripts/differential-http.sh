#!/usr/bin/env bash
# Differential test of cordon's request parser against h11 and llhttp over mutated requests.
# Usage: scripts/differential-http.sh [count] [--seed N]   (default 100000 requests, seed 7)
# Needs: pip install h11 llhttp. Builds Fuzz/ParserVerdict (the engine's parser sources, no sockets).
# Prints the verdict triples, the disagreement classes, and "N passed, N failed" last; non-zero on failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 -c "import h11, llhttp" 2>/dev/null || { echo "differential-http: pip install h11 llhttp" >&2; exit 2; }
(cd "$root/Fuzz" && swift build -c release --product ParserVerdict 2>&1 | tail -n 1) >&2
verdict="$(cd "$root/Fuzz" && swift build -c release --product ParserVerdict --show-bin-path)/ParserVerdict"
count="${1:-100000}"
[ $# -gt 0 ] && shift
exec python3 "$root/tests/hostile/differential.py" "$verdict" "$count" "$@"
