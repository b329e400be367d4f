import Glibc

/// A mutex with a condition variable, the pair NSCondition wraps, without linking Foundation (docs/PERFORMANCE.md,
/// "Idle memory"). Timed waits run on CLOCK_MONOTONIC, so a wall-clock step (NTP, an operator) cannot stretch
/// or cut them short.
///
/// `@unchecked Sendable`: the condition variable is heap-allocated once (it must not move) and only used through
/// pthread calls, which are thread-safe.
public final class PThreadCondition: @unchecked Sendable {
    private let mutex = PThreadMutex()
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A new condition, its mutex unlocked.
    public init() {
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Waits for and takes the mutex.
    public func lock() {
        mutex.lock()
    }

    /// Releases the mutex; only its holder may call this.
    public func unlock() {
        mutex.unlock()
    }

    /// Wakes one waiter, if any; call it holding the mutex.
    public func signal() {
        pthread_cond_signal(condition)
    }

    /// Releases the mutex until signalled or until `timeout` has passed, then takes it again; false on timeout.
    /// Call it holding the mutex; like any condition wait it may also return early, so callers re-check their state.
    public func wait(timeout: Duration) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int64(now.tv_nsec) + attoseconds / 1_000_000_000
        var deadline = timespec(tv_sec: now.tv_sec + Int(seconds) + Int(nanoseconds / 1_000_000_000),
                                tv_nsec: Int(nanoseconds % 1_000_000_000))
        return pthread_cond_timedwait(condition, mutex.pointer, &deadline) != ETIMEDOUT
    }
}
