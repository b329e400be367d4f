/// A parsed request line and header section (RFC 9112 §3, §5), before any body is read.
///
/// This is what the pre-body admission hook sees, so a request can be refused from its head alone.
struct HTTPRequestHead: Sendable, Equatable {
    /// The request method.
    let method: HTTPMethod
    /// The request target as sent (origin-form, absolute-form or `*`).
    let target: String
    /// The path part of the target, still percent-encoded, always starting with `/` (or `*`).
    let path: String
    /// The raw query string after `?`, if any.
    let query: String?
    /// The protocol version.
    let version: HTTPVersion
    /// The header fields in order.
    let headers: HTTPHeaders
    /// How the body is delimited.
    let framing: BodyFraming

    /// The decoded query items in order (`application/x-www-form-urlencoded` rules: `+` is a space).
    var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            return (name, value)
        }
    }

    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    var wantsKeepAlive: Bool {
        switch version {
        case .http11: !headers.containsToken("Connection", "close")
        case .http10: headers.containsToken("Connection", "keep-alive")
        }
    }
}
