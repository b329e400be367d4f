/// The engine's one error type: a request the server refuses, with the status it answers and why.
///
/// Every rejection in the parser and connection machine is one of these, so each becomes exactly one
/// `application/problem+json` response (RFC 9457) in `HTTPResponse.problem(for:)`.
struct HTTPError: Error, Equatable, Sendable {
    /// The status the client is sent.
    let status: HTTPStatus
    /// A human-readable explanation for the problem body's `detail`.
    let detail: String

    /// Makes an error answered with `status`.
    init(_ status: HTTPStatus, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    /// A malformed or ambiguous message: 400, and the connection closes (RFC 9112 §11.2).
    static func badRequest(_ detail: String) -> HTTPError { HTTPError(.badRequest, detail) }
}
