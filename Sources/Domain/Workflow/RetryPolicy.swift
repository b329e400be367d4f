import FoundationEssentials

/// How often a step whose call failed with a retryable error is tried in all.
///
/// This sits above the AWS client's own retries (backoff with jitter per call); it covers what outlasts
/// those, such as eventually consistent state seen by verification.
public struct RetryPolicy: Sendable, Equatable {
    /// The most attempts a step gets, counting the first and any resume after a restart.
    public var maxAttempts: Int

    /// Creates a policy; at least one attempt.
    public init(maxAttempts: Int = 3) {
        self.maxAttempts = max(1, maxAttempts)
    }
}
