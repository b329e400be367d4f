/// A counter with labels, e.g. `cordon_http_requests_total{method,route,status}`: only ever goes up.
final class CounterFamily: MetricFamily {
    /// The metric name; by convention it ends in `_total`.
    let name: String
    private let help: String
    private let labelNames: [String]
    private let series = ShardedValue<[[String]: Double]>([:])

    /// A family whose samples carry `labelNames`, in that order.
    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` (not negative: a counter never goes down) to the series with `labels`.
    func increment(_ labels: [String], by amount: Double = 1) {
        guard amount >= 0 else { return }
        series.withCurrentShard { $0[labels, default: 0] += amount }
    }

    /// The current value of one series (0 if never incremented).
    func value(_ labels: [String]) -> Double { series.snapshots().reduce(0) { $0 + ($1[labels] ?? 0) } }

    func render(into output: inout PrometheusText) {
        output.header(name: name, help: help, type: "counter")
        var snapshot: [[String]: Double] = [:]
        for shard in series.snapshots() { snapshot.merge(shard, uniquingKeysWith: +) }
        for (labels, value) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            output.sample(name, labelNames: labelNames, labelValues: labels, value: value)
        }
    }
}
