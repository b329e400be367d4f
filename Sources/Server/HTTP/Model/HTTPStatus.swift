/// A response status code with its reason phrase (RFC 9110 §15).
struct HTTPStatus: Hashable, Sendable {
    /// The three-digit status code.
    let code: Int
    /// The reason phrase sent on the status line and used as the problem title.
    let reason: String

    /// Makes a status from a code and reason phrase.
    init(_ code: Int, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// 100 Continue (RFC 9110 §15.2.1).
    static let `continue` = HTTPStatus(100, "Continue")
    /// 200 OK.
    static let ok = HTTPStatus(200, "OK")
    /// 201 Created.
    static let created = HTTPStatus(201, "Created")
    /// 202 Accepted.
    static let accepted = HTTPStatus(202, "Accepted")
    /// 204 No Content.
    static let noContent = HTTPStatus(204, "No Content")
    /// 400 Bad Request.
    static let badRequest = HTTPStatus(400, "Bad Request")
    /// 401 Unauthorized.
    static let unauthorized = HTTPStatus(401, "Unauthorized")
    /// 403 Forbidden.
    static let forbidden = HTTPStatus(403, "Forbidden")
    /// 404 Not Found.
    static let notFound = HTTPStatus(404, "Not Found")
    /// 405 Method Not Allowed (must carry `Allow`, RFC 9110 §15.5.6).
    static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    /// 408 Request Timeout (RFC 9110 §15.5.9).
    static let requestTimeout = HTTPStatus(408, "Request Timeout")
    /// 409 Conflict.
    static let conflict = HTTPStatus(409, "Conflict")
    /// 413 Content Too Large (RFC 9110 §15.5.14).
    static let contentTooLarge = HTTPStatus(413, "Content Too Large")
    /// 414 URI Too Long (RFC 9110 §15.5.15).
    static let uriTooLong = HTTPStatus(414, "URI Too Long")
    /// 415 Unsupported Media Type (RFC 9110 §15.5.16).
    static let unsupportedMediaType = HTTPStatus(415, "Unsupported Media Type")
    /// 417 Expectation Failed (RFC 9110 §15.5.18).
    static let expectationFailed = HTTPStatus(417, "Expectation Failed")
    /// 422 Unprocessable Content.
    static let unprocessableContent = HTTPStatus(422, "Unprocessable Content")
    /// 429 Too Many Requests (RFC 6585 §4).
    static let tooManyRequests = HTTPStatus(429, "Too Many Requests")
    /// 431 Request Header Fields Too Large (RFC 6585 §5).
    static let requestHeaderFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    /// 500 Internal Server Error.
    static let internalServerError = HTTPStatus(500, "Internal Server Error")
    /// 501 Not Implemented (RFC 9110 §15.6.2).
    static let notImplemented = HTTPStatus(501, "Not Implemented")
    /// 502 Bad Gateway (RFC 9110 §15.6.3): an upstream the server called failed.
    static let badGateway = HTTPStatus(502, "Bad Gateway")
    /// 503 Service Unavailable.
    static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    /// 505 HTTP Version Not Supported (RFC 9110 §15.6.6).
    static let httpVersionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")
}
