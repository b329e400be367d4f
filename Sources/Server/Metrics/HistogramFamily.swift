/// A histogram with labels, e.g. request latency in seconds: cumulative `_bucket{le=...}`, `_sum`, `_count`.
final class HistogramFamily: MetricFamily {
    private struct Series {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func record(_ value: Double, in bucket: Int) {
            counts[bucket] += 1
            sum += value
            count += 1
        }

        /// Both series' observations together (the same family, so the same buckets).
        func adding(_ other: Series) -> Series {
            Series(counts: zip(counts, other.counts).map { $0 + $1 }, sum: sum + other.sum, count: count + other.count)
        }
    }

    /// The metric name (the `_bucket`, `_sum`, `_count` suffixes are added when rendering).
    let name: String
    private let help: String
    private let labelNames: [String]
    private let bounds: [Double]
    private let series = ShardedValue<[[String]: Series]>([:])

    /// Default latency buckets in seconds, from 1 ms (an in-memory answer) to 60 s (a slow AWS workflow step).
    static let secondsBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// A family with the given upper bounds (sorted and deduplicated; `+Inf` is implicit).
    init(name: String, help: String, labelNames: [String], buckets: [Double] = secondsBuckets) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        bounds = Array(Set(buckets.filter(\.isFinite))).sorted()
    }

    /// Records one observation in the series with `labels`.
    func observe(_ value: Double, _ labels: [String]) {
        // The first bucket whose upper bound holds the value (`le` is inclusive); past the last, only +Inf.
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        let slots = bounds.count + 1
        series.withCurrentShard { all in
            // Mutated in place through the defaulting subscript: a copy taken out of the dictionary would share
            // `counts` with the stored entry and copy the array on every observation, under the lock.
            all[labels, default: Series(counts: Array(repeating: 0, count: slots))].record(value, in: index)
        }
    }

    /// The number of observations in one series.
    func count(_ labels: [String]) -> UInt64 { series.snapshots().reduce(0) { $0 + ($1[labels]?.count ?? 0) } }

    func render(into output: inout PrometheusText) {
        output.header(name: name, help: help, type: "histogram")
        var snapshot: [[String]: Series] = [:]
        for shard in series.snapshots() { snapshot.merge(shard) { $0.adding($1) } }
        for (labels, entry) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds, entry.counts) {
                cumulative += count
                output.sample(name + "_bucket", labelNames: labelNames, labelValues: labels,
                              extra: ("le", PrometheusText.format(bound)), value: Double(cumulative))
            }
            output.sample(name + "_bucket", labelNames: labelNames, labelValues: labels, extra: ("le", "+Inf"), value: Double(entry.count))
            output.sample(name + "_sum", labelNames: labelNames, labelValues: labels, value: entry.sum)
            output.sample(name + "_count", labelNames: labelNames, labelValues: labels, value: Double(entry.count))
        }
    }
}
