import FoundationEssentials
import Testing
@testable import Platform

/// The stdlib-only replacements for `String(format:)`, `trimmingCharacters(in:)` and hex-digit parsing.
@Suite struct TextFormattingTests {
    @Test(arguments: [
        (0, 4, 10, false, "0000"),
        (2026, 4, 10, false, "2026"),
        (7, 2, 10, false, "07"),
        (123_456, 2, 10, false, "123456"),
        (-7, 3, 10, false, "-007"),
        (0xAB, 2, 16, false, "ab"),
        (0xAB, 2, 16, true, "AB"),
        (0x1F, 4, 16, false, "001f"),
    ])
    func zeroPaddedPrintsAsPrintfDoes(value: Int, width: Int, radix: Int, uppercase: Bool, expected: String) {
        #expect(value.zeroPadded(width, radix: radix, uppercase: uppercase) == expected)
    }

    @Test func zeroPaddedCoversTheWholeUnsignedRange() {
        #expect(UInt64.max.zeroPadded(16, radix: 16) == "ffffffffffffffff")
        #expect(UInt64(1).zeroPadded(16, radix: 16) == "0000000000000001")
        #expect(UInt32.max.zeroPadded(8, radix: 16) == "ffffffff")
        #expect(UInt8(9).zeroPadded(2, radix: 16, uppercase: true) == "09")
    }

    @Test(arguments: [
        ("  name  ", "name"),
        ("\t a b \n", "a b"),
        ("\r\n", ""),
        ("", ""),
        ("x", "x"),
        ("\u{00A0}wide\u{2003}", "wide"),
    ])
    func trimmingWhitespaceDropsBothEnds(text: String, expected: String) {
        #expect(text.trimmingWhitespace() == expected)
        #expect(text[...].trimmingWhitespace() == expected)
    }

    @Test func hexDigitValuesCoverBothCasesAndNothingElse() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        #expect(digits.map(\.hexDigitValue) == (0...15).map(UInt8.init) + (10...15).map(UInt8.init))
        let others = (0...255).map(UInt8.init).filter { !digits.contains($0) }
        #expect(others.allSatisfy { $0.hexDigitValue == nil })
    }
}
