import FoundationEssentials

/// HMAC-SHA256 (RFC 2104) in Swift: SigV4 signing keys and signatures, webhook signatures.
public struct HMACSHA256: Sendable, Equatable {
    /// The 32-byte authentication code.
    public let code: Data

    /// Computes the HMAC of `message` under `key`.
    public init(key: Data, message: Data) {
        code = message.withUnsafeBytes { Self.authenticate(key: key, message: $0) }
    }

    /// Computes the HMAC of the UTF-8 bytes of `message` under `key`.
    public init(key: Data, message: String) {
        var message = message
        code = message.withUTF8 { Self.authenticate(key: key, message: UnsafeRawBufferPointer($0)) }
    }

    /// The code as 64 lower-case hex characters, as SigV4 writes a signature.
    public var hexCode: String { code.hexEncodedString() }

    /// Whether `candidate` equals this code, compared in constant time (for verifying received signatures).
    public func matches(_ candidate: Data) -> Bool {
        ConstantTime.equals(code, candidate)
    }

    /// H(K XOR opad, H(K XOR ipad, text)) (RFC 2104 section 2), streaming each part through its hasher.
    private static func authenticate(key: Data, message: UnsafeRawBufferPointer) -> Data {
        // A key longer than the block size is replaced by its hash; a shorter one is padded with zeros.
        let shortKey = key.count > SHA256Hasher.blockSize ? SHA256(key).digest : key
        return withUnsafeTemporaryAllocation(byteCount: SHA256Hasher.blockSize, alignment: 8) { pad in
            pad.initializeMemory(as: UInt8.self, repeating: 0)
            shortKey.withUnsafeBytes { pad.copyMemory(from: $0) }
            var inner = SHA256Hasher()
            xor(pad, with: 0x36)  // ipad
            inner.update(UnsafeRawBufferPointer(pad))
            inner.update(message)
            let innerDigest = inner.finalize()
            var outer = SHA256Hasher()
            xor(pad, with: 0x36 ^ 0x5c)  // undoes ipad and applies opad in one pass
            outer.update(UnsafeRawBufferPointer(pad))
            outer.update(innerDigest)
            return outer.finalize()
        }
    }

    /// XORs every byte of `bytes` with `value`.
    private static func xor(_ bytes: UnsafeMutableRawBufferPointer, with value: UInt8) {
        for index in bytes.indices {
            bytes[index] ^= value
        }
    }
}
