import FoundationEssentials

/// The parts of a URL that SigV4 signs: the path and query as sent on the wire, and the Host header value.
struct RequestTarget: Sendable, Equatable {
    /// The percent-encoded path; "/" when the URL has none.
    let path: String
    /// The percent-encoded query, without "?"; nil when the URL has none.
    let query: String?
    /// The Host header value: the host, plus the port when it is not the scheme's default (RFC 9110 7.2).
    let host: String

    init(url: URL) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let encodedPath = components?.percentEncodedPath ?? ""
        path = encodedPath.isEmpty ? "/" : encodedPath
        query = components?.percentEncodedQuery
        var host = components?.percentEncodedHost ?? ""
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        let defaultPort = url.scheme?.lowercased() == "http" ? 80 : 443
        if let port = components?.port, port != defaultPort { host += ":\(port)" }
        self.host = host
    }
}
