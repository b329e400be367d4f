import Platform

/// A value guarded by a lock, shared across event-loop threads (metrics series, rate-limit buckets,
/// the webhook replay cache).
///
/// `@unchecked Sendable` is sound because `value` is only reached inside `withLock`, under `lock`.
/// A `PThreadMutex`, not `Synchronization.Mutex`: see PThreadMutex.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = PThreadMutex()
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&value) }
    }
}
