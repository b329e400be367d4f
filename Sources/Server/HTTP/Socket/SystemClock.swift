@preconcurrency import Glibc

/// The live clock: monotonic nanoseconds and an IMF-fixdate cached per second.
struct SystemClock {
    private var cachedSecond = -1
    private var cachedDate = ""

    /// A clock with an empty cache.
    init() {}

    /// Monotonic nanoseconds since an arbitrary origin.
    static func uptimeNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// The current moment; the Date string is formatted at most once a second.
    mutating func now() -> HTTPMoment {
        var seconds = time(nil)
        if seconds != cachedSecond {
            cachedSecond = seconds
            var parts = tm()
            gmtime_r(&seconds, &parts)
            var text = [CChar](repeating: 0, count: 64)
            // RFC 9110 §5.6.7: IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; strftime's C locale names.
            let length = strftime(&text, text.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            cachedDate = String(decoding: text[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return HTTPMoment(uptimeNanoseconds: Self.uptimeNanoseconds(), httpDate: cachedDate)
    }
}
