import FoundationEssentials
import Testing
@testable import Domain

/// The stdlib-only replacements for `String(format:)` and `trimmingCharacters(in:)`.
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

    @Test(arguments: [
        (2026, 2, 28, 23, 59, 59, true),
        (2024, 2, 29, 0, 0, 0, true),
        (2026, 2, 29, 0, 0, 0, false),
        (2026, 11, 31, 0, 0, 0, false),
        (2026, 13, 1, 0, 0, 0, false),
        (2026, 1, 1, 24, 0, 0, false),
        (2026, 1, 1, 0, 60, 0, false),
        (2026, 1, 1, 0, 0, 60, false),
    ])
    func utcFieldsOutOfRangeMakeNoDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, valid: Bool) {
        let date = Date(utcYear: year, month: month, day: day, hour: hour, minute: minute, second: second)
        #expect((date != nil) == valid)
        if let date {
            let fields = date.utcComponents([.year, .month, .day, .hour, .minute, .second])
            #expect([fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second] == [year, month, day, hour, minute, second])
        }
    }

    @Test func hexDigitValuesCoverBothCasesAndNothingElse() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        #expect(digits.map(\.hexDigitValue) == (0...15).map(UInt8.init) + (10...15).map(UInt8.init))
        let others = (0...255).map(UInt8.init).filter { !digits.contains($0) }
        #expect(others.allSatisfy { $0.hexDigitValue == nil })
    }
}
