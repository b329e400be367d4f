import Foundation
import Testing

@testable import AWSClient

/// SHA-256, HMAC-SHA256 and constant-time comparison against published vectors.
@Suite struct SigningHashTests {
    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"): empty, one block, the 448-bit
    /// message whose padding spills into a second block, the 896-bit two-block message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func sha256(input: String, hex: String) {
        #expect(SHA256(input).hexDigest == hex)
        #expect(SHA256(Data(input.utf8)).hexDigest == hex)
        #expect(SHA256(Data(input.utf8)).digest.count == 32)
    }

    /// FIPS 180-4 example: one million repetitions of "a" (15,625 blocks plus a padding block).
    @Test func sha256OfOneMillionA() {
        #expect(SHA256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)).hexDigest
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Fed in pieces split at every offset, the hasher gives the one-shot digest: partial blocks are carried.
    @Test(arguments: [55, 56, 63, 64, 65, 130])
    func sha256InPiecesEqualsOneShot(length: Int) {
        let message = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let whole = SHA256(message).digest
        for split in 0...length {
            var hasher = SHA256Hasher()
            hasher.update(message.prefix(split))
            hasher.update(message.dropFirst(split))
            #expect(hasher.finalize() == whole, "split at \(split)")
        }
    }

    /// RFC 4231 section 4, test cases 1-7 (case 5's code truncated to 128 bits as the RFC gives it).
    @Test(arguments: [
        (Data(repeating: 0x0b, count: 20), Data("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Data("Jefe".utf8), Data("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (Data(repeating: 0xaa, count: 20), Data(repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Data(1...25), Data(repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (Data(repeating: 0x0c, count: 20), Data("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        (Data(repeating: 0xaa, count: 131), Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (Data(repeating: 0xaa, count: 131), Data(("This is a test using a larger than block-size key and a larger than "
            + "block-size data. The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacSHA256(key: Data, message: Data, hex: String) {
        let mac = HMACSHA256(key: key, message: message)
        #expect(mac.hexCode.hasPrefix(hex))
        #expect(mac.code.count == 32)
        if let text = String(data: message, encoding: .utf8) {
            #expect(HMACSHA256(key: key, message: text).code == mac.code)
        }
    }

    @Test func hmacMatchesOnlyItsOwnCode() {
        let mac = HMACSHA256(key: Data("key".utf8), message: "body")
        #expect(mac.matches(mac.code))
        var tampered = mac.code
        tampered[31] ^= 1
        #expect(!mac.matches(tampered))
        #expect(!mac.matches(mac.code.prefix(16)))
    }

    @Test(arguments: [
        ("", "", true), ("abc", "abc", true), ("abc", "abd", false), ("abc", "abcd", false), ("", "a", false),
        ("xbc", "abc", false), ("ab\u{e9}", "ab\u{e8}", false),
    ])
    func constantTimeEquality(lhs: String, rhs: String, equal: Bool) {
        #expect(ConstantTime.equals(lhs, rhs) == equal)
    }

    @Test func hexEncodingIsLowerCaseTwoDigitsPerByte() {
        #expect(Data([0x00, 0x0f, 0xa0, 0xff]).hexEncodedString() == "000fa0ff")
    }

    /// X-Amz-Date formatting across leap days, year ends and the epoch.
    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400.0, "20000229T000000Z"),
        (1_440_938_160.0, "20150830T123600Z"),
        (1_704_067_199.9, "20231231T235959Z"),
        (4_107_542_400.0, "21000301T000000Z"),
    ])
    func amzDate(seconds: Double, timestamp: String) {
        let date = AMZDate(Date(timeIntervalSince1970: seconds))
        #expect(date.timestamp == timestamp)
        #expect(date.day == String(timestamp.prefix(8)))
    }
}
