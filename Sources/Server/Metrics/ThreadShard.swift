@preconcurrency import Glibc
import Synchronization

/// The calling thread's shard index: each thread is given the next index when it first asks, so the event-loop
/// threads, which start together, land on different shards.
enum ThreadShard {
    /// How many shards a `ShardedValue` keeps: the loops of a host with up to 8 cores never share one; beyond that
    /// two loops may, which only means they share that shard's lock again.
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
