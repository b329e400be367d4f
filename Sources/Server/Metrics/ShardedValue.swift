/// A value kept as one copy per shard, each behind its own lock, for counters that every event loop updates on
/// every request and that are read whole only when scraped: each thread updates its own shard, so the loops never
/// wait on each other's lock (a loop preempted while holding a shared lock would stall the other one).
struct ShardedValue<Value>: Sendable {
    private let shards: [LockedValue<Value>]

    /// `ThreadShard.count` shards, each starting as `initial`.
    init(_ initial: Value) {
        shards = (0..<ThreadShard.count).map { _ in LockedValue(initial) }
    }

    /// Runs `body` on the calling thread's shard.
    func withCurrentShard<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try shards[ThreadShard.current].withLock(body)
    }

    /// A copy of every shard, each taken under its own lock.
    func snapshots() -> [Value] {
        shards.map { $0.withLock { $0 } }
    }
}
