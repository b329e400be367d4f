/// A gauge computed when scraped, e.g. incidents by status: nothing is stored, `sample` is asked each time.
final class GaugeFamily: MetricFamily {
    /// The metric name.
    let name: String
    private let help: String
    private let labelNames: [String]
    private let sample: @Sendable () -> [(labels: [String], value: Double)]

    /// A family whose values come from `sample`, called once per scrape.
    init(name: String, help: String, labelNames: [String], sample: @escaping @Sendable () -> [(labels: [String], value: Double)]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.sample = sample
    }

    func render(into output: inout PrometheusText) {
        output.header(name: name, help: help, type: "gauge")
        for (labels, value) in sample().sorted(by: { $0.labels.lexicographicallyPrecedes($1.labels) }) {
            output.sample(name, labelNames: labelNames, labelValues: labels, value: value)
        }
    }
}
