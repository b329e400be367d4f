# Sourced by the startup benchmarks after they set `root` (the package root), `port` and `token`: everything
# scripts/lib/cordon-process.sh gives, and the release build of cordon in `release_cordon`.
# shellcheck source=scripts/lib/cordon-process.sh
source "$root/scripts/lib/cordon-process.sh"

echo "== building cordon (release)"
(cd "$root" && swift build -c release --product cordon 2>&1 | tail -n 1)
release_cordon="$root/.build/release/cordon"
