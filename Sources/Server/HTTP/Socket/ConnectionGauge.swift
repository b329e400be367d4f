import Synchronization

/// Counts open connections across event loops and hands out connection ids.
final class ConnectionGauge: Sendable {
    /// The cap on simultaneous connections.
    let limit: Int
    private let open = Atomic<Int>(0)
    private let lastID = Atomic<UInt64>(0)

    /// A gauge allowing `limit` connections.
    init(limit: Int) { self.limit = limit }

    /// Takes a slot and returns a fresh connection id, or nil when the cap is reached.
    func acquire() -> UInt64? {
        while true {
            let current = open.load(ordering: .relaxed)
            guard current < limit else { return nil }
            if open.compareExchange(expected: current, desired: current + 1, ordering: .relaxed).exchanged {
                return lastID.wrappingAdd(1, ordering: .relaxed).newValue
            }
        }
    }

    /// Gives a slot back.
    func release() { open.wrappingSubtract(1, ordering: .relaxed) }

    /// The number of open connections.
    var count: Int { open.load(ordering: .relaxed) }
}
