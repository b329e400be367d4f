import FoundationEssentials

extension HTTPResponse {
    /// A JSON response encoded with `.withoutEscapingSlashes` (and `.sortedKeys` when asked).
    /// An encoding failure is a server bug, answered as a generic 500 problem rather than a crash.
    static func json<Value: Encodable>(_ value: Value, status: HTTPStatus = .ok, sortedKeys: Bool = false) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sortedKeys ? [.withoutEscapingSlashes, .sortedKeys] : [.withoutEscapingSlashes]
        do {
            let body = try encoder.encode(value)
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
        } catch {
            return problem(.internalServerError, detail: "The response could not be encoded.")
        }
    }

    /// An `application/problem+json` response (RFC 9457 §3.1: type, title, status, detail).
    static func problem(
        _ status: HTTPStatus,
        detail: String,
        type: String = "about:blank",
        title: String? = nil
    ) -> HTTPResponse {
        let problem = ProblemDetails(type: type, title: title ?? status.reason, status: status.code, detail: detail)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Four strings and an Int always encode; the fallback keeps the no-crash rule without `try?`.
        let body: Data
        do { body = try encoder.encode(problem) } catch { body = Data(#"{"status":500}"#.utf8) }
        return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json"], body: body)
    }

    /// The problem response for an engine error.
    static func problem(for error: HTTPError) -> HTTPResponse {
        problem(error.status, detail: error.detail)
    }
}

/// The members of an RFC 9457 problem details object that Cordon sends.
struct ProblemDetails: Codable, Sendable, Equatable {
    /// A URI reference naming the problem type; `about:blank` when the status says it all.
    let type: String
    /// A short summary of the problem type.
    let title: String
    /// The HTTP status code, repeated for clients that only see the body.
    let status: Int
    /// An explanation specific to this occurrence.
    let detail: String
}
