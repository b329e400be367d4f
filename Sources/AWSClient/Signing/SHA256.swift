import COpenSSL
import FoundationEssentials

/// SHA-256 (FIPS 180-4) over OpenSSL's libcrypto: SigV4 payload hashes, audit-chain links, token hashes.
public struct SHA256: Sendable, Equatable {
    /// The 32-byte digest.
    public let digest: Data

    /// Hashes `data`.
    public init(_ data: Data) {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        data.withUnsafeBytes { bytes in
            // SHA256() accepts a null pointer only with a zero length, which is what an empty Data gives.
            _ = COpenSSL.SHA256(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, &output)
        }
        digest = Data(output)
    }

    /// Hashes the UTF-8 bytes of `text`.
    public init(_ text: String) {
        self.init(Data(text.utf8))
    }

    /// The digest as 64 lower-case hex characters, as SigV4 writes payload and canonical-request hashes.
    public var hexDigest: String { digest.hexEncodedString() }
}
