import COpenSSL
import FoundationEssentials

/// HMAC-SHA256 (RFC 2104) over OpenSSL's libcrypto: SigV4 signing keys and signatures, webhook signatures.
public struct HMACSHA256: Sendable, Equatable {
    /// The 32-byte authentication code.
    public let code: Data

    /// Computes the HMAC of `message` under `key`.
    public init(key: Data, message: Data) {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                // HMAC() copes with a null key or message pointer when its length is zero (empty Data).
                _ = HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                    messageBytes.bindMemory(to: UInt8.self).baseAddress, messageBytes.count,
                    &output, &length
                )
            }
        }
        code = Data(output.prefix(Int(length)))
    }

    /// Computes the HMAC of the UTF-8 bytes of `message` under `key`.
    public init(key: Data, message: String) {
        self.init(key: key, message: Data(message.utf8))
    }

    /// The code as 64 lower-case hex characters, as SigV4 writes a signature.
    public var hexCode: String { code.hexEncodedString() }

    /// Whether `candidate` equals this code, compared in constant time (for verifying received signatures).
    public func matches(_ candidate: Data) -> Bool {
        ConstantTime.equals(code, candidate)
    }
}
