import FoundationEssentials

/// Comparisons whose duration does not depend on where two secrets differ (token hashes, webhook signatures).
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes; only their lengths may leak through timing.
    public static func equals(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { (left: UnsafeRawBufferPointer) in
            rhs.withUnsafeBytes { (right: UnsafeRawBufferPointer) in
                // OR-accumulate the XOR of every pair of bytes: no early exit at the first difference.
                var difference: UInt8 = 0
                for index in 0..<left.count {
                    difference |= left[index] ^ right[index]
                }
                return difference == 0
            }
        }
    }

    /// Whether the UTF-8 bytes of two strings are equal, in constant time.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Data(lhs.utf8), Data(rhs.utf8))
    }
}
