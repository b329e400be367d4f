import FoundationEssentials

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
    /// Fixed positions, read by hand: Foundation's `DateFormatter` would link all of Foundation into the binary
    /// (docs/PERFORMANCE.md, "Idle memory").
    public static func parseHTTPDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), String(decoding: bytes[25...], as: UTF8.self) == " GMT",
              weekdays.contains(String(decoding: bytes[0..<3], as: UTF8.self)),
              zip([4, 7, 11, 16, 19, 22], [" ", " ", " ", " ", ":", ":"] as [Unicode.Scalar]).allSatisfy({ bytes[$0] == UInt8(ascii: $1) }),
              let month = months.firstIndex(of: String(decoding: bytes[8..<11], as: UTF8.self)),
              let day = number(bytes[5..<7]), let year = number(bytes[12..<16]),
              let hour = number(bytes[17..<19]), let minute = number(bytes[20..<22]), let second = number(bytes[23..<25])
        else { return nil }
        return Date(utcYear: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
    }

    private static let weekdays: Set = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The decimal value of ASCII digits; nil if any byte is not a digit.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        digits.reduce(0 as Int?) { value, byte in
            guard let value, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            return value * 10 + Int(byte - UInt8(ascii: "0"))
        }
    }
}
