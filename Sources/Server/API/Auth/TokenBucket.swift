/// The token-bucket algorithm as a value: time comes in as an argument, so it is tested without waiting.
struct TokenBucket: Sendable, Equatable {
    /// The limit this bucket enforces.
    let limit: RateLimit
    private var available: Double
    private var updatedAt: Double

    /// A full bucket at time `now` (seconds on a monotonic clock).
    init(limit: RateLimit, now: Double) {
        self.limit = limit
        available = Double(limit.burst)
        updatedAt = now
    }

    /// Takes one request's token at `now`: nil when granted, else the seconds until one would be.
    mutating func take(at now: Double) -> Double? {
        // A clock that goes backwards (it should not: callers pass a monotonic one) refills nothing.
        let elapsed = max(0, now - updatedAt)
        available = min(Double(limit.burst), available + elapsed * limit.perSecond)
        updatedAt = max(updatedAt, now)
        guard available >= 1 else { return (1 - available) / limit.perSecond }
        available -= 1
        return nil
    }
}
