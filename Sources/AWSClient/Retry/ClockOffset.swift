import Foundation

/// How far the local clock is behind AWS's, learnt from the `Date` header of a skew error; requests are
/// signed at `now + offset` so a host with a wrong clock still signs acceptably.
public actor ClockOffset {
    /// A difference AWS may reject: SigV4 allows 5 minutes, so correct from 4 (as the AWS SDK for Java does).
    public static let threshold: TimeInterval = 4 * 60

    /// Seconds to add to the local clock.
    public private(set) var seconds: TimeInterval = 0

    /// Creates a zero offset.
    public init() {}

    /// Adopts the server's time when it differs from the corrected local time by more than the threshold;
    /// returns true when the offset changed (the request is then worth signing again).
    public func correct(serverDate: Date, localNow: Date) -> Bool {
        let skew = serverDate.timeIntervalSince(localNow) - seconds
        guard abs(skew) > Self.threshold else { return false }
        seconds += skew
        return true
    }

    /// Parses an HTTP `Date` header (RFC 9110 section 5.6.7, IMF-fixdate), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    public static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
