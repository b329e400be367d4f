import Glibc

/// A pthread mutex, the lock NSLock wraps, without linking Foundation (docs/PERFORMANCE.md, "Idle memory").
/// Not `Synchronization.Mutex`: the thread sanitizer reports a false race inside Mutex on this toolchain
/// (STYLE.md); an uncontended lock and unlock cost tens of nanoseconds.
///
/// `@unchecked Sendable`: the mutex is heap-allocated once (a pthread mutex must not move) and only used
/// through pthread calls, which are thread-safe.
public final class PThreadMutex: @unchecked Sendable {
    /// The mutex itself, for a condition variable's wait (`PThreadCondition`).
    let pointer: UnsafeMutablePointer<pthread_mutex_t>

    /// A new, unlocked mutex.
    public init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        pthread_mutex_init(pointer, nil)
    }

    deinit {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }

    /// Waits for and takes the mutex.
    public func lock() {
        pthread_mutex_lock(pointer)
    }

    /// Releases the mutex; only its holder may call this.
    public func unlock() {
        pthread_mutex_unlock(pointer)
    }

    /// Runs `body` holding the mutex.
    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
