import FoundationEssentials
import Testing
@testable import AWSClient

/// The ISO 8601 times of AWS answers and policy conditions, and the HTTP Date header read for clock skew.
@Suite struct AWSTimestampTests {
    private static let instant = Date(timeIntervalSince1970: 1_795_963_221) // 2026-11-29T14:40:21Z

    @Test(arguments: [
        ("2026-11-29T14:40:21Z", 0.0),
        ("2026-11-29T14:40:21.250Z", 0.25),
        ("2026-11-29T15:40:21+01:00", 0.0),
    ])
    func parsesWholeAndFractionalSeconds(text: String, fraction: Double) throws {
        let date = try #require(AWSTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince(Self.instant) - fraction) < 0.001)
    }

    @Test(arguments: ["", "2026-11-29", "yesterday", "2026-11-29T14:40:21", "2026-13-29T14:40:21Z"])
    func rejectsWhatIsNotATime(text: String) {
        #expect(AWSTimestamp.parse(text) == nil)
    }

    @Test func formatsToTheSecondInUTC() {
        #expect(AWSTimestamp.format(Self.instant) == "2026-11-29T14:40:21Z")
        #expect(AWSTimestamp.format(Self.instant.addingTimeInterval(0.9)) == "2026-11-29T14:40:21Z")
    }

    @Test func readsAnIMFFixdate() throws {
        let date = try #require(ClockOffset.parseHTTPDate("Sun, 29 Nov 2026 14:40:21 GMT"))
        #expect(date == Self.instant)
        #expect(ClockOffset.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test(arguments: [
        "Sun, 29 Nov 2026 14:40:21 UTC",
        "Sun, 29 Nov 2026 14:40:21 GMT ",
        "Sunday, 29-Nov-26 14:40:21 GMT",
        "Sun Nov 29 14:40:21 2026",
        "Xyz, 29 Nov 2026 14:40:21 GMT",
        "Sun, 29 Noo 2026 14:40:21 GMT",
        "Sun, 31 Nov 2026 14:40:21 GMT",
        "Sun, 29 Nov 2026 24:40:21 GMT",
        "Sun, 2x Nov 2026 14:40:21 GMT",
        "Sun; 29 Nov 2026 14:40:21 GMT",
        "",
    ])
    func refusesAnythingButIMFFixdate(text: String) {
        #expect(ClockOffset.parseHTTPDate(text) == nil)
    }
}
