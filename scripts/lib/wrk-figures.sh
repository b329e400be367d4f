# Sourced by the wrk benchmarks (bench-healthz.sh, bench-event-loops.sh): figures read from wrk's output, and the
# median over rounds.

# wrk_rps FILE: the requests per second of a `wrk` run's output.
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }

# wrk_p99_ms FILE: the 99th percentile of a `wrk --latency` run's output, in milliseconds (wrk prints us, ms or s).
wrk_p99_ms() {
    awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else { sub(/s$/, "", v); v *= 1000 } print v }' "$1"
}

# median FILE COLUMN: the median of a column of numbers.
median() {
    sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
