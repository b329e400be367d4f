import FoundationEssentials

/// A response: status, header fields and body. `Date`, `Content-Length`, `Connection` and `X-Request-Id`
/// are added by the engine when it is written, so handlers never set them.
struct HTTPResponse: Sendable {
    /// The status.
    var status: HTTPStatus
    /// Header fields set by the handler (e.g. `Content-Type`, `Allow`, `Location`).
    var headers: HTTPHeaders
    /// The body bytes; omitted on the wire for HEAD (RFC 9110 §9.3.2) but still counted in Content-Length.
    var body: Data

    /// Makes a response.
    init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
