/// A 401, 403 or 429 decided before the body: status, explanation and the header fields it must carry
/// (`WWW-Authenticate`, `Retry-After`). Routes with their own error format (Firehose) render it themselves.
struct AuthRefusal: Sendable {
    /// The status.
    let status: HTTPStatus
    /// What went wrong, for the caller.
    let detail: String
    /// Fields the status needs (RFC 9110 §11.6.1 `WWW-Authenticate` on 401; RFC 6585 §4 `Retry-After` on 429).
    let headers: HTTPHeaders

    /// A refusal with `status`, `detail` and `headers`.
    init(_ status: HTTPStatus, _ detail: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    /// As an `application/problem+json` response (RFC 9457).
    var problem: HTTPResponse { rendered { status, detail in .problem(status, detail: detail) } }

    /// As the response `render` makes for the status and detail, plus this refusal's header fields.
    func rendered(by render: (HTTPStatus, String) -> HTTPResponse) -> HTTPResponse {
        var response = render(status, detail)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}
