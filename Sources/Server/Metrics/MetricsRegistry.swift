import FoundationEssentials

/// The metric families of one process, rendered together for `GET /metrics`.
final class MetricsRegistry: Sendable {
    /// The Content-Type of the text exposition format 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let families = LockedValue<[any MetricFamily]>([])

    /// An empty registry.
    init() {}

    /// Adds a family; names must be unique, so a second family with a taken name is refused (returns false).
    @discardableResult
    func register(_ family: any MetricFamily) -> Bool {
        families.withLock { families in
            guard !families.contains(where: { $0.name == family.name }) else { return false }
            families.append(family)
            return true
        }
    }

    /// Every family in registration order, in the text exposition format.
    func render() -> Data {
        let snapshot = families.withLock { $0 }
        var output = PrometheusText()
        for family in snapshot { family.render(into: &output) }
        return Data(output.bytes)
    }
}
