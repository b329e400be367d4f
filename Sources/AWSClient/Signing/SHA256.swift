import FoundationEssentials

/// SHA-256 (FIPS 180-4) in Swift: SigV4 payload hashes, audit-chain links, token hashes.
///
/// Written here rather than taken from OpenSSL because libcrypto's EVP layer initialises its provider
/// machinery on first use, which cost 2.4 MiB of idle RSS for a token hash at start-up (issue #2).
public struct SHA256: Sendable, Equatable {
    /// The 32-byte digest.
    public let digest: Data

    /// Hashes `data`.
    public init(_ data: Data) {
        var hasher = SHA256Hasher()
        hasher.update(data)
        digest = hasher.finalize()
    }

    /// Hashes the UTF-8 bytes of `text`.
    public init(_ text: String) {
        var hasher = SHA256Hasher()
        var text = text
        // A native string hands out its UTF-8 storage without a copy.
        text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        digest = hasher.finalize()
    }

    /// The digest as 64 lower-case hex characters, as SigV4 writes payload and canonical-request hashes.
    public var hexDigest: String { digest.hexEncodedString() }
}
