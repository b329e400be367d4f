import FoundationEssentials
import Platform

/// A deterministic token for one step of one incident, sent as the AWS `ClientToken` (or written as a tag
/// where the API has none) so that repeating a call after a restart finds what the first call made.
///
/// Every attempt of a step carries the same token. EC2's ClientToken allows at most 64 ASCII characters
/// (EC2 API Reference, "Ensuring idempotency"), so longer values keep a readable prefix and end in a hash.
public struct IdempotencyToken: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The token, at most 64 ASCII characters.
    public let value: String

    /// The token of `step` in incident `incidentId`.
    public init(incidentId: String, step: StepName) {
        let full = "\(incidentId).\(step.rawValue)"
        if full.utf8.count <= 64, full.allSatisfy(\.isASCII) {
            value = full
        } else {
            let hash = Self.fnv1a64(full).zeroPadded(16, radix: 16)
            value = String(full.filter(\.isASCII).prefix(47)) + "-" + hash
        }
    }

    public var description: String { value }

    /// FNV-1a, 64 bit: stable across runs and platforms, unlike `Hasher`.
    private static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
