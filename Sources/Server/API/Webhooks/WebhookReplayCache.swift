/// Remembers recently delivered `webhook-id`s so a redelivery inside the timestamp window is answered
/// without processing the body again (Standard Webhooks: retries reuse the id; replays must be ignored).
///
/// Bounded: ids older than the window are dropped first, then the oldest if `capacity` is reached; size
/// it above the deliveries expected in ten minutes. Time comes from an injected clock.
final class WebhookReplayCache: Sendable {
    private struct State {
        var expiries: [String: Double] = [:]
        var order: [(id: String, expiry: Double)] = []
        var head = 0
    }

    /// How long an id is remembered: a timestamp may be up to the tolerance in the future or the past.
    static let retention = 2 * WebhookVerifier.tolerance

    private let capacity: Int
    private let clock: @Sendable () -> Double
    private let state = LockedValue(State())

    /// A cache of at most `capacity` ids, reading wall-clock seconds from `clock`.
    init(capacity: Int, clock: @escaping @Sendable () -> Double) {
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    /// Records `id` and returns true the first time within the retention; false for a replay.
    func claim(_ id: String) -> Bool {
        let now = clock()
        return state.withLock { state in
            evict(&state, now: now)
            if let expiry = state.expiries[id], expiry > now { return false }
            while state.expiries.count >= capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                if state.expiries[oldest.id] == oldest.expiry { state.expiries[oldest.id] = nil }
                state.head += 1
            }
            let expiry = now + Self.retention
            state.expiries[id] = expiry
            state.order.append((id, expiry))
            return true
        }
    }

    /// Forgets `id` after its processing failed, so the sender's retry is processed.
    func release(_ id: String) {
        state.withLock { state in state.expiries[id] = nil }
    }

    /// The number of ids remembered.
    var count: Int { state.withLock { $0.expiries.count } }

    private func evict(_ state: inout State, now: Double) {
        while state.head < state.order.count, state.order[state.head].expiry <= now {
            let entry = state.order[state.head]
            // Only drop the id if this queue entry is its current one (a released id may have been claimed again).
            if state.expiries[entry.id] == entry.expiry { state.expiries[entry.id] = nil }
            state.head += 1
        }
        // Compact the consumed prefix now and then so the queue does not grow without bound.
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
