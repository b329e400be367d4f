/// The standard mode's retry quota, a token bucket shared by every call of one client so an outage
/// does not multiply the load (AWS SDKs and Tools reference, "Retry behavior": 500 tokens, a retry
/// costs 5, a retry after a timeout 10; a success returns what its retry took, or 1 if it needed none).
public actor RetryQuota {
    /// The tokens a retry costs.
    public static let retryCost = 5
    /// The tokens a retry after a timeout costs.
    public static let timeoutRetryCost = 10
    /// The tokens a first-attempt success adds back.
    public static let noRetryIncrement = 1

    /// The bucket's size, also its initial content.
    public let capacity: Int
    /// The tokens left.
    public private(set) var available: Int

    /// Creates a full bucket.
    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.available = capacity
    }

    /// Takes the cost of one retry; returns the tokens taken, or nil when the bucket cannot pay (no retry).
    public func acquire(timeout: Bool) -> Int? {
        let cost = timeout ? Self.timeoutRetryCost : Self.retryCost
        guard available >= cost else { return nil }
        available -= cost
        return cost
    }

    /// Records a successful call: refunds the cost of its last retry, or adds the no-retry increment.
    public func recordSuccess(lastRetryCost: Int?) {
        available = min(capacity, available + (lastRetryCost ?? Self.noRetryIncrement))
    }
}
