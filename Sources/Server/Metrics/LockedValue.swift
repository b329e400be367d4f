import Foundation

/// A value guarded by an NSLock, shared across event-loop threads (metrics series, rate-limit buckets,
/// the webhook replay cache).
///
/// `@unchecked Sendable` is sound because `value` is only reached inside `withLock`, under `lock`.
/// NSLock rather than `Synchronization.Mutex`: the thread sanitizer reports a false race inside Mutex on
/// this toolchain (STYLE.md), and an uncontended NSLock costs tens of nanoseconds.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
