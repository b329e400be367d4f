import FoundationEssentials

/// The one AWS rate budget shared by every incident's workflow: at most `maxConcurrent` calls in flight and
/// on average `perSecond` call starts per second (a token bucket holding up to one second's worth).
///
/// Time is injected: `clock` reads it and `sleep` waits, so tests drive it without real time.
public actor CloudCallBudget {
    private let maxConcurrent: Int
    private let perSecond: Double
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) async throws -> Void
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var tokens: Double
    private var refilledAt: Date

    /// Creates a budget; `sleep` defaults to `Task.sleep`.
    public init(
        maxConcurrent: Int,
        perSecond: Double,
        clock: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.perSecond = max(0.001, perSecond)
        self.clock = clock
        self.sleep = sleep
        self.tokens = max(1, perSecond)
        self.refilledAt = clock()
    }

    /// Waits for a slot and a token; pair every successful acquire with one `release()`.
    public func acquire() async throws {
        if inFlight < maxConcurrent {
            inFlight += 1
        } else {
            // `release()` hands its slot straight to the first waiter, so `inFlight` stays counted.
            await withCheckedContinuation { waiters.append($0) }
        }
        do {
            while !takeToken() {
                try await sleep((1 - tokens) / perSecond)
            }
        } catch {
            release()
            throw error
        }
    }

    /// Gives the slot back.
    public func release() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    private func takeToken() -> Bool {
        let now = clock()
        let capacity = max(1, perSecond)
        tokens = min(capacity, tokens + max(0, now.timeIntervalSince(refilledAt)) * perSecond)
        refilledAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
