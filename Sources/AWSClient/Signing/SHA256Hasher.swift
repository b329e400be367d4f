import FoundationEssentials

/// Incremental SHA-256 (FIPS 180-4): feed bytes in any pieces, then take the digest once.
///
/// HMAC feeds its padded key and the message through one hasher, so no concatenated buffer is ever built.
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only a partial block is copied.
struct SHA256Hasher {
    /// H(0), the initial hash value (FIPS 180-4 section 5.3.3).
    private var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c, h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    /// The bytes of an unfinished block, held inline (no heap allocation per hasher).
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `pending` are filled (0..<64).
    private var pendingCount = 0
    /// The message length so far, in bytes; the padding records it in bits modulo 2^64 (section 5.1.1).
    private var length: UInt64 = 0

    /// The block size in bytes (section 1, Figure 1), which is also HMAC's B (RFC 2104 section 2).
    static let blockSize = 64

    /// The sixty-four round constants K (section 4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Adds `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if pendingCount > 0 {
            let taken = min(Self.blockSize - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                UnsafeMutableRawBufferPointer(rebasing: block[offset..<(offset + taken)])
                    .copyMemory(from: UnsafeRawBufferPointer(start: base, count: taken))
            }
            pendingCount += taken
            base += taken
            remaining -= taken
            guard pendingCount == Self.blockSize else { return }
            compressPending()
        }
        let wholeBlocks = remaining / Self.blockSize
        if wholeBlocks > 0 {
            compress(UnsafeRawBufferPointer(start: base, count: wholeBlocks * Self.blockSize))
            base += wholeBlocks * Self.blockSize
            remaining -= wholeBlocks * Self.blockSize
        }
        if remaining > 0 {
            let tail = UnsafeRawBufferPointer(start: base, count: remaining)
            withUnsafeMutableBytes(of: &pending) { block in
                UnsafeMutableRawBufferPointer(rebasing: block[0..<tail.count]).copyMemory(from: tail)
            }
            pendingCount = remaining
        }
    }

    /// Adds the bytes of `data` to the message.
    mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Pads the message (section 5.1.1) and returns the 32-byte digest H(N) (section 6.2.2 step 4).
    consuming func finalize() -> Data {
        let bitLength = length &* 8
        // A 1 bit, then zeros up to 56 mod 64, then the 64-bit big-endian length.
        var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        let padCount = pendingCount < 56 ? 56 - pendingCount : 120 - pendingCount
        withUnsafeMutableBytes(of: &padding) { pad in
            pad[0] = 0x80
            pad.storeBytes(of: bitLength.bigEndian, toByteOffset: padCount, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: pad[0..<(padCount + 8)]))
        }
        var digest = Data(count: 32)
        digest.withUnsafeMutableBytes { out in
            for (index, word) in [h0, h1, h2, h3, h4, h5, h6, h7].enumerated() {
                out.storeBytes(of: word.bigEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return digest
    }

    /// Compresses the filled pending block.
    private mutating func compressPending() {
        var block = pending
        withUnsafeBytes(of: &block) { compress($0) }
        pendingCount = 0
    }

    /// Runs the compression function over whole 64-byte blocks (section 6.2.2 steps 1-4).
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        // The working state stays in locals for the whole run; the struct is written once at the end.
        var s0 = h0, s1 = h1, s2 = h2, s3 = h3, s4 = h4, s5 = h5, s6 = h6, s7 = h7
        Self.roundConstants.withUnsafeBufferPointer { k in
            // The message schedule W lives on the stack, reused for every block.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var offset = 0
                while offset < blocks.count {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset &+ t &* 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let sigma0 = w[t &- 15].rotatedRight(7) ^ w[t &- 15].rotatedRight(18) ^ (w[t &- 15] >> 3)
                        let sigma1 = w[t &- 2].rotatedRight(17) ^ w[t &- 2].rotatedRight(19) ^ (w[t &- 2] >> 10)
                        w[t] = w[t &- 16] &+ sigma0 &+ w[t &- 7] &+ sigma1
                    }
                    var a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7
                    for t in 0..<64 {
                        let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = h &+ sum1 &+ choice &+ k[t] &+ w[t]
                        let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        h = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ sum0 &+ majority
                    }
                    s0 &+= a; s1 &+= b; s2 &+= c; s3 &+= d; s4 &+= e; s5 &+= f; s6 &+= g; s7 &+= h
                    offset &+= Self.blockSize
                }
            }
        }
        h0 = s0; h1 = s1; h2 = s2; h3 = s3; h4 = s4; h5 = s5; h6 = s6; h7 = s7
    }
}

extension UInt32 {
    /// ROTR^n(x), the right rotation of FIPS 180-4 section 3.2.
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self &>> count) | (self &<< (32 &- count))
    }
}
