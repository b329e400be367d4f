/// What the access log records about one answered request.
struct HTTPExchangeRecord: Sendable, Equatable {
    /// The request id sent back in `X-Request-Id`.
    let requestID: String
    /// The method, or "-" when the request line could not be parsed.
    let method: String
    /// The path, or "-" when the request line could not be parsed.
    let path: String
    /// The matched route's pattern (e.g. `/v1/incidents/{id}`), or "-" when no route matched.
    let route: String
    /// The status sent.
    let status: Int
    /// Nanoseconds from the end of the head (or the first byte, for rejects) to the response.
    let durationNanoseconds: UInt64
}
