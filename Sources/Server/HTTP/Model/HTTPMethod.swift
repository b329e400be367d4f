/// A request method token (RFC 9110 §9); methods are case-sensitive, so the raw token is kept as sent.
struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token exactly as it appeared on the request line.
    let rawValue: String

    /// Wraps a method token.
    init(rawValue: String) { self.rawValue = rawValue }

    /// GET (RFC 9110 §9.3.1).
    static let get = HTTPMethod(rawValue: "GET")
    /// HEAD (RFC 9110 §9.3.2): a GET whose response carries no body.
    static let head = HTTPMethod(rawValue: "HEAD")
    /// POST (RFC 9110 §9.3.3).
    static let post = HTTPMethod(rawValue: "POST")
    /// PUT (RFC 9110 §9.3.4).
    static let put = HTTPMethod(rawValue: "PUT")
    /// DELETE (RFC 9110 §9.3.5).
    static let delete = HTTPMethod(rawValue: "DELETE")
    /// PATCH (RFC 5789).
    static let patch = HTTPMethod(rawValue: "PATCH")
    /// OPTIONS (RFC 9110 §9.3.7).
    static let options = HTTPMethod(rawValue: "OPTIONS")
    /// TRACE (RFC 9110 §9.3.8): recognised so that a route answers 405 with `Allow`; no route takes it, so
    /// nothing is ever echoed back.
    static let trace = HTTPMethod(rawValue: "TRACE")

    /// The methods the engine implements; any other gets 501 before its head is read (RFC 9110 §9.1). CONNECT
    /// is left out on purpose: this is an origin server, not a proxy, and a parser that takes the bytes after a
    /// CONNECT head as a body frames them differently from one that takes them as a tunnel.
    static let implemented: Set<HTTPMethod> = [.get, .head, .post, .put, .delete, .patch, .options, .trace]

    /// The method token.
    var description: String { rawValue }
}
