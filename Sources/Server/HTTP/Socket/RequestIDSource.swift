import Synchronization

/// Generates request ids: a random per-process prefix and a counter, unique without a syscall per request.
final class RequestIDSource: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// Makes a source whose ids start with `prefix` (the live one uses 8 random hex digits) and whose counter
    /// continues after `last`.
    init(prefix: String = RequestIDSource.randomPrefix(), last: UInt64 = 0) {
        self.prefix = prefix
        counter.store(last, ordering: .relaxed)
    }

    /// Eight random hexadecimal digits.
    static func randomPrefix() -> String {
        let digits = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The next id, e.g. "9f3a01bc-00000000002a": the prefix, a dash and at least 12 hexadecimal digits.
    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let digitCount = max(12, (UInt64.bitWidth - value.leadingZeroBitCount + 3) / 4)
        // Written in place: one allocation per request instead of the four that concatenation made.
        var prefix = prefix
        return prefix.withUTF8 { prefixBytes in
            let length = prefixBytes.count + 1 + digitCount
            // The buffer may be longer than asked for: only `length` bytes are written and kept.
            return String(unsafeUninitializedCapacity: length) { buffer in
                _ = buffer.initialize(fromContentsOf: prefixBytes)
                buffer[prefixBytes.count] = UInt8(ascii: "-")
                var rest = value
                for index in stride(from: length - 1, to: prefixBytes.count, by: -1) {
                    buffer[index] = Self.hexDigits[Int(rest & 0xF)]
                    rest >>= 4
                }
                return length
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
