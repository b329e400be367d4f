import COpenSSL
import FoundationEssentials

/// Comparisons whose duration does not depend on where two secrets differ (token hashes, webhook signatures).
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes; only their lengths may leak through timing.
    public static func equals(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                // CRYPTO_memcmp touches every byte whatever the first difference (OpenSSL crypto.h).
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Whether the UTF-8 bytes of two strings are equal, in constant time.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Data(lhs.utf8), Data(rhs.utf8))
    }
}
