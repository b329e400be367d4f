/// The current time as the connection machine needs it, passed in so the machine stays pure.
struct HTTPMoment: Sendable {
    /// A monotonic clock reading in nanoseconds, for timeouts and durations.
    let uptimeNanoseconds: UInt64
    /// The wall-clock time as an IMF-fixdate for the `Date` header (RFC 9110 §5.6.7).
    let httpDate: String
}
