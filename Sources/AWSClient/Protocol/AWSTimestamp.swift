import FoundationEssentials

/// The ISO 8601 times AWS writes in its answers (xsd:dateTime: STS and IAM dates, container credentials) and
/// reads in policy conditions, through FoundationEssentials' format style rather than Foundation's
/// `ISO8601DateFormatter`, which links all of Foundation into the binary (docs/PERFORMANCE.md, "Idle memory").
enum AWSTimestamp {
    private static let wholeSeconds = Date.ISO8601FormatStyle()
    private static let fractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Parses "2026-11-29T14:40:21Z" or "2026-11-29T14:40:21.123Z" (any offset); nil for anything else.
    static func parse(_ text: String) -> Date? {
        for style in [wholeSeconds, fractionalSeconds] {
            do {
                return try style.parse(text)
            } catch {
                continue // the other style may fit; callers report a text neither fits
            }
        }
        return nil
    }

    /// `time` in UTC to the second, as IAM condition dates are written ("2026-11-29T14:40:21Z").
    static func format(_ time: Date) -> String {
        wholeSeconds.format(time)
    }
}
