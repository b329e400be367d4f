@preconcurrency import Glibc
import Synchronization

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

/// The calling thread's shard index: each thread is given the next index when it first asks, so the event-loop
/// threads, which start together, land on different shards.
enum ThreadShard {
    /// How many shards a `ShardedValue` keeps: more than the event loops of any machine this runs on is not
    /// needed; a collision only means two threads share a lock again.
    static let count = 8

    private static let next = Atomic<Int>(0)
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // Only fails when the process is out of keys (PTHREAD_KEYS_MAX, 1024); then every thread uses shard 0.
        _ = pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's index in `0..<count`.
    static var current: Int {
        // Stored as index + 1, so that the unset value (nil) is told apart from shard 0.
        if let stored = pthread_getspecific(key) { return (Int(bitPattern: stored) - 1) % count }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue % count
        _ = pthread_setspecific(key, UnsafeRawPointer(bitPattern: index + 1))
        return index
    }
}
