/// The two protocol versions this engine speaks (RFC 9112 §2.3).
enum HTTPVersion: Sendable, Hashable {
    /// HTTP/1.0: connections close after each response unless the client asked for keep-alive.
    case http10
    /// HTTP/1.1: connections persist unless either side says `Connection: close` (RFC 9112 §9.3).
    case http11

    /// The version as written on a start line.
    var text: String {
        switch self {
        case .http10: "HTTP/1.0"
        case .http11: "HTTP/1.1"
        }
    }
}
