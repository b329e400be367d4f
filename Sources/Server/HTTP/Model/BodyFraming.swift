/// How a request's body is delimited (RFC 9112 §6.3).
enum BodyFraming: Sendable, Equatable {
    /// No body: neither Content-Length nor Transfer-Encoding was sent.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// The chunked transfer coding (RFC 9112 §7.1).
    case chunked
}
