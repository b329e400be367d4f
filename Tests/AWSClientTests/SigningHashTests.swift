import Foundation
import Testing

@testable import AWSClient

/// SHA-256, HMAC-SHA256 and constant-time comparison against published vectors.
@Suite struct SigningHashTests {
    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty string.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(input: String, hex: String) {
        #expect(SHA256(input).hexDigest == hex)
        #expect(SHA256(Data(input.utf8)).digest.count == 32)
    }

    /// RFC 4231 test cases 1, 2 and 6 (a key longer than the block size).
    @Test(arguments: [
        (Data(repeating: 0x0b, count: 20), Data("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Data("Jefe".utf8), Data("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (Data(repeating: 0xaa, count: 131), Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacSHA256(key: Data, message: Data, hex: String) {
        #expect(HMACSHA256(key: key, message: message).hexCode == hex)
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
