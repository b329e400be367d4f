/// One metric family as the registry renders it: a name, help text, a type, and its samples.
protocol MetricFamily: Sendable {
    /// The metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    var name: String { get }
    /// Appends the family's `# HELP`, `# TYPE` and sample lines in the text exposition format 0.0.4.
    func render(into output: inout PrometheusText)
}
