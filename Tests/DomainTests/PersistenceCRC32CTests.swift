import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceCRC32CTests {
    /// Check values from RFC 3720 appendix B.4 and the CRC catalogue ("123456789").
    static let checkValues: [([UInt8], UInt32)] = [
        ([], 0),
        (Array("123456789".utf8), 0xE306_9283),
        (Array(repeating: 0, count: 32), 0x8A91_36AA),
        (Array(repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).map { UInt8(31 - $0) }, 0x113F_DB5C),
    ]

    @Test(arguments: checkValues)
    func knownValues(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
    }

    /// The eight-bytes-at-a-time path agrees with a bit-at-a-time reference at every length and split point.
    @Test func matchesBitwiseReferenceInPieces() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.bitwise(bytes)
            #expect(CRC32C.checksum(bytes) == expected)
            let split = length / 3
            let first = CRC32C.checksum(Array(bytes[..<split]))
            let whole = bytes[split...].withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
            #expect(whole == expected)
        }
    }

    private static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
