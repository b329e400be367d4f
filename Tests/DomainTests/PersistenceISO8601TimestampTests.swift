import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceISO8601TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_790_000_000.125, "2026-09-21T14:13:20.125Z"),
        (951_782_400.001, "2000-02-29T00:00:00.001Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (-62_135_596_800, "0001-01-01T00:00:00.000Z"),
    ])
    func formatsAndParsesBack(seconds: Double, text: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(ISO8601Timestamp.format(date) == text)
        let parsed = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 1e-6)
    }

    /// Agrees with Foundation's parser on random instants from 1900 to 2100, with and without fractions.
    @Test func agreesWithFoundation() throws {
        let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let wholeSeconds = Date.ISO8601FormatStyle()
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...4_102_444_800_000)
            let text = try #require(ISO8601Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
            #expect(abs(try foundation.parse(text).timeIntervalSince1970 * 1000 - Double(milliseconds)) < 0.001)
            #expect(ISO8601Timestamp.parse(text).map { ($0.timeIntervalSince1970 * 1000).rounded() } == Double(milliseconds))
            let whole = String(text.prefix(19)) + "Z"
            #expect(ISO8601Timestamp.parse(whole) == (try wholeSeconds.parse(whole)))
        }
    }

    @Test(arguments: [
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "2026-01-01T00:00:00+01:00", "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00", "2026-1-01T00:00:00Z",
        "20260101T000000Z", "",
    ])
    func leavesOtherShapesToTheGeneralParser(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    /// The store's decoder still reads what the fast path declines, such as an offset.
    @Test func storeDecoderFallsBackForOffsets() throws {
        let data = Data(#"["2026-01-01T01:00:00+01:00","2026-01-01T00:00:00.5Z"]"#.utf8)
        let dates = try StoreJSON.decoder().decode([Date].self, from: data)
        #expect(dates.map(\.timeIntervalSince1970) == [1_767_225_600, 1_767_225_600.5])
    }
}
