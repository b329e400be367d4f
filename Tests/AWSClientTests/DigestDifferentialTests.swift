import COpenSSL
import Foundation
import Testing

@testable import AWSClient
import TestSupport

/// The Swift SHA-256 and HMAC-SHA256 against OpenSSL's libcrypto, which they replaced, byte for byte.
@Suite struct DigestDifferentialTests {
    /// Every length up to 300 bytes (each padding case, one to five blocks) and a few large random buffers.
    static let messages: [Data] = {
        var random = SeededGenerator(state: 0x5348_4132)
        return (0...300).map { random.bytes($0) } + [4_095, 65_536, 1_000_003].map { random.bytes($0) }
    }()

    @Test func sha256MatchesOpenSSL() {
        for message in Self.messages {
            #expect(SHA256(message).digest == Self.openSSLDigest(message), "length \(message.count)")
        }
    }

    /// Keys shorter than, equal to and longer than the 64-byte block (RFC 2104 section 2) over every message.
    @Test(arguments: [0, 1, 32, 63, 64, 65, 131, 300])
    func hmacMatchesOpenSSL(keyLength: Int) {
        var random = SeededGenerator(state: UInt64(keyLength) &+ 0x484D_4143)
        let key = random.bytes(keyLength)
        for message in Self.messages {
            #expect(HMACSHA256(key: key, message: message).code == Self.openSSLHMAC(key: key, message: message),
                    "message length \(message.count)")
        }
    }

    /// EVP_Digest with EVP_sha256 (OpenSSL EVP_DigestInit(3)).
    static func openSSLDigest(_ message: Data) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = message.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &output, &length, EVP_sha256(), nil)
        }
        #expect(status == 1)
        return Data(output.prefix(Int(length)))
    }

    /// One-shot HMAC() with EVP_sha256 (OpenSSL HMAC(3)).
    static func openSSLHMAC(key: Data, message: Data) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                _ = HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                         messageBytes.bindMemory(to: UInt8.self).baseAddress, messageBytes.count, &output, &length)
            }
        }
        return Data(output.prefix(Int(length)))
    }
}
