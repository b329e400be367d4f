import Synchronization

/// Generates request ids: a random per-process prefix and a counter, unique without a syscall per request.
final class RequestIDSource: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// Makes a source whose ids start with `prefix`; the live one uses 8 random hex digits.
    init(prefix: String = RequestIDSource.randomPrefix()) {
        self.prefix = prefix
    }

    /// Eight random hexadecimal digits.
    static func randomPrefix() -> String {
        let digits = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The next id, e.g. "9f3a01bc-000000000000002a".
    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let digits = String(value, radix: 16)
        return prefix + "-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
}
