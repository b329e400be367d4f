import FoundationEssentials

/// An HTTP request to an AWS endpoint, before or after signing.
public struct AWSHTTPRequest: Sendable, Equatable {
    /// The HTTP method, e.g. "POST".
    public var method: String
    /// The full URL, including any query string.
    public var url: URL
    /// Header fields in the order they were added; names compare case-insensitively (ASCII, as RFC 9110 section 5.1 field names are).
    public var headers: [(name: String, value: String)]
    /// The request body (form-encoded for the Query protocols).
    public var body: Data

    /// Creates a request.
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of the named header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Replaces every field of that name with one field.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }

    public static func == (lhs: AWSHTTPRequest, rhs: AWSHTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}
