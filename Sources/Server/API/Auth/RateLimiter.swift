/// Per-token rate limits shared by every event loop: one token bucket per token name.
final class RateLimiter: Sendable {
    private let buckets = LockedValue<[String: TokenBucket]>([:])
    private let clock: @Sendable () -> Double

    /// A limiter reading `clock` (monotonic seconds); tests pass a fake.
    init(clock: @escaping @Sendable () -> Double) { self.clock = clock }

    /// The live limiter on the monotonic clock.
    static func live() -> RateLimiter {
        RateLimiter { Double(SystemClock.uptimeNanoseconds()) / 1_000_000_000 }
    }

    /// Nil when `token` may make a request now, else the seconds until it may.
    func admit(_ token: AccessToken) -> Double? {
        guard let limit = token.rateLimit else { return nil }
        let now = clock()
        return buckets.withLock { buckets in
            var bucket = buckets[token.name] ?? TokenBucket(limit: limit, now: now)
            let wait = bucket.take(at: now)
            buckets[token.name] = bucket
            return wait
        }
    }
}
