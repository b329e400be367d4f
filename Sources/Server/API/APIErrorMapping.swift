import Domain
import FoundationEssentials

/// The one place where an error becomes an HTTP answer: a status, a `detail` a responder can act on, and
/// whether to say when to retry. Routes render it as `application/problem+json` (RFC 9457) through `problem`,
/// or in Firehose's own response shape (`FirehoseRoutes`), so both agree on every status.
enum APIErrorMapping {
    /// How an error is answered, whatever the body format.
    struct Outcome: Sendable, Equatable {
        /// The status sent.
        let status: HTTPStatus
        /// The sentence sent as `detail` (or Firehose's `errorMessage`).
        let detail: String
        /// The `Retry-After` delay in seconds (RFC 9110 §10.2.3), for failures that may pass on their own.
        let retryAfterSeconds: Int?
    }

    /// How long a client should wait before retrying after a 503: long enough for a full disk to be noticed or
    /// a throttled AWS API to recover, short enough that a SIEM's retry queue does not grow far.
    static let retryAfterSeconds = 5

    /// The outcome for any error a route can meet. Validation errors (`HTTPError`) and `DomainError` codes map
    /// to fixed statuses; anything else is a server bug: a 500 with a generic body, and one log line with the
    /// request id so an operator can find what happened without the client seeing internals.
    static func outcome(for error: any Error, requestID: String, logger: JSONLineLogger) -> Outcome {
        switch error {
        case let error as HTTPError:
            return Outcome(status: error.status, detail: error.detail, retryAfterSeconds: nil)
        case let error as DomainError:
            let outcome = outcome(for: error)
            if outcome.status.code >= 500 {
                logger.error("request failed", [
                    "request_id": .string(requestID), "code": .string(error.code.rawValue), "error": .string(error.message),
                ])
            }
            return outcome
        default:
            logger.error("unexpected error", ["request_id": .string(requestID), "error": .string(String(reflecting: error))])
            return Outcome(
                status: .internalServerError,
                detail: "Cordon met an unexpected error; its log has the details under request id \(requestID).",
                retryAfterSeconds: nil
            )
        }
    }

    /// The outcome for a domain error; the message is already a sentence for the operator.
    static func outcome(for error: DomainError) -> Outcome {
        switch error.code {
        case .invalidInput:
            return Outcome(status: .badRequest, detail: error.message, retryAfterSeconds: nil)
        case .unknownEventShape:
            return Outcome(status: .unprocessableContent, detail: "The body is JSON but not an event shape Cordon knows "
                + "(CloudTrail, GuardDuty, Security Hub, AWS Health, Trusted Advisor, SIEM webhook): \(error.message)",
                retryAfterSeconds: nil)
        case .notFound:
            return Outcome(status: .notFound, detail: error.message, retryAfterSeconds: nil)
        case .conflict:
            return Outcome(status: .conflict, detail: error.message, retryAfterSeconds: nil)
        case .storageFailure:
            return Outcome(status: .serviceUnavailable, detail: "Cordon could not save to its data directory, so nothing "
                + "of this request was acknowledged; retry later: \(error.message)", retryAfterSeconds: retryAfterSeconds)
        case .corruptStore:
            return Outcome(status: .internalServerError, detail: "Cordon's data directory holds a record it cannot read; "
                + "an operator must look at it: \(error.message)", retryAfterSeconds: nil)
        case .cloudFailure:
            return Outcome(status: .badGateway, detail: "An AWS call failed: \(error.message)", retryAfterSeconds: nil)
        case .cloudTransient:
            return Outcome(status: .serviceUnavailable, detail: "An AWS call failed in a way that may pass; retry later: "
                + error.message, retryAfterSeconds: retryAfterSeconds)
        }
    }

    /// The error as an `application/problem+json` response, with `Retry-After` where the outcome has one.
    static func problem(for error: any Error, requestID: String, logger: JSONLineLogger) -> HTTPResponse {
        let outcome = outcome(for: error, requestID: requestID, logger: logger)
        var response = HTTPResponse.problem(outcome.status, detail: outcome.detail)
        if let seconds = outcome.retryAfterSeconds { response.headers.set("Retry-After", String(seconds)) }
        return response
    }
}
