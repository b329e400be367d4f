/// A fixed-size, 128-bit stand-in for a signal's deduplication key (`cloudtrail:<eventID>`, `guardduty:<id>@...`):
/// what the service remembers of every accepted signal and what the journal checkpoint stores.
///
/// It is MurmurHash3_x64_128 with seed 0 (Austin Appleby's public-domain reference, `MurmurHash3.cpp`), which is
/// stable across processes and versions (unlike `Hasher`), so a checkpoint written by one run is read by the next.
/// Two distinct keys share a digest with probability about n²/2¹²⁹ for n keys (≈ 10⁻²⁵ at ten million). It is not
/// a cryptographic hash, and need not be: the keys come from the events themselves, so a sender who could make a
/// colliding key could as well resend the real key; what matters is that unrelated keys never collide.
public struct DeduplicationDigest: Hashable, Sendable {
    /// The first 64 bits (MurmurHash3's h1).
    public var high: UInt64
    /// The second 64 bits (MurmurHash3's h2).
    public var low: UInt64

    /// The digest of `key`'s UTF-8 bytes.
    public init(_ key: String) {
        var key = key
        (high, low) = key.withUTF8 { Self.murmur3x64_128(UnsafeRawBufferPointer($0)) }
    }

    /// A digest from its two halves, as read back from a checkpoint.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    private static let c1: UInt64 = 0x87C3_7B91_1142_53D5
    private static let c2: UInt64 = 0x4CF5_AD43_2745_937F

    /// MurmurHash3_x64_128 with seed 0: 16-byte blocks, a tail of up to 15 bytes, then the finalizer.
    static func murmur3x64_128(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var h1: UInt64 = 0
        var h2: UInt64 = 0
        let blocks = bytes.count / 16
        for block in 0..<blocks {
            var k1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 16, as: UInt64.self))
            var k2 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 16 + 8, as: UInt64.self))
            k1 = rotl(k1 &* c1, 31) &* c2
            h1 ^= k1
            h1 = (rotl(h1, 27) &+ h2) &* 5 &+ 0x52DC_E729
            k2 = rotl(k2 &* c2, 33) &* c1
            h2 ^= k2
            h2 = (rotl(h2, 31) &+ h1) &* 5 &+ 0x3849_5AB5
        }
        let tail = blocks * 16
        let remaining = bytes.count - tail
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        for index in stride(from: remaining - 1, through: 0, by: -1) {
            let byte = UInt64(bytes[tail + index])
            if index >= 8 { k2 ^= byte << UInt64((index - 8) * 8) } else { k1 ^= byte << UInt64(index * 8) }
        }
        if remaining > 8 { h2 ^= rotl(k2 &* c2, 33) &* c1 }
        if remaining > 0 { h1 ^= rotl(k1 &* c1, 31) &* c2 }
        h1 ^= UInt64(bytes.count)
        h2 ^= UInt64(bytes.count)
        h1 &+= h2
        h2 &+= h1
        h1 = fmix64(h1)
        h2 = fmix64(h2)
        h1 &+= h2
        h2 &+= h1
        return (h1, h2)
    }

    private static func rotl(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    private static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
