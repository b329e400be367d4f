#!/usr/bin/env bash
# Fuzzes the HTTP request parser with libFuzzer for a fixed time.
# Usage: scripts/fuzz-parser.sh [seconds]   (default 60)
# The Fuzz/ package compiles the parser's own source files (symlinked) with -sanitize=fuzzer; the
# target checks that parsing never crashes and that splitting the input never changes the decision.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/Fuzz"
swift build --sanitize=fuzzer -c debug --product ParserFuzz 2>&1 | tail -n 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp corpus/* "$work/"
mkdir -p "$root/Fuzz/.build/crashes"
# -max_len bounds inputs to a few KiB: enough to cross every limit configured in the target.
"$(swift build --sanitize=fuzzer -c debug --product ParserFuzz --show-bin-path)/ParserFuzz" \
    -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$root/Fuzz/.build/crashes/" "$work" 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==|SUMMARY|Done)|Test unit written|precondition|Fatal" || true
# libFuzzer exits non-zero on a finding; grep above keeps the report short, so check for artifacts.
if compgen -G "$root/Fuzz/.build/crashes/crash-*" > /dev/null; then
    echo "fuzz-parser: crash inputs in Fuzz/.build/crashes/" >&2
    exit 1
fi
echo "fuzz-parser: no crash in ${seconds}s"
