/// A token-bucket rate limit: a sustained rate and a burst.
struct RateLimit: Sendable, Equatable {
    /// Requests per second refilled into the bucket.
    let perSecond: Double
    /// The bucket's capacity: how many requests may arrive at once after a quiet spell.
    let burst: Int
}
