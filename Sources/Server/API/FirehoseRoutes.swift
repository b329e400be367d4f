import Domain
import FoundationEssentials

/// `POST /v1/firehose`: Amazon Data Firehose HTTP endpoint delivery, answered in Firehose's own contract
/// (Firehose Developer Guide, "HTTP Endpoint Delivery Request and Response Specifications"): every response,
/// success or not, is `application/json` with `{"requestId", "timestamp" (epoch ms), "errorMessage"?}`.
///
/// Which statuses Firehose retries decides what happens to a batch: 200 is success; 413 is a permanent failure
/// (not retried and not written to the stream's S3 error bucket, so the batch is lost); every other status is
/// retried with backoff for the stream's retry duration, then goes to the S3 error bucket. So a bad batch gets
/// 400/422 (kept in the error bucket for a human, never silently dropped), a storage failure 503 (retried
/// until the disk recovers), and only a body over the limit 413, because retrying it can never succeed and
/// the fix is a smaller buffering hint.
struct FirehoseRoutes: Sendable {
    /// The largest delivery accepted on the wire; Firehose's buffering hint for HTTP endpoints must stay under it.
    static let maxBodyBytes = EventRoutes.maxBodyBytes

    /// The body Firehose requires in every response.
    struct Reply: Encodable, Sendable, Equatable {
        /// The delivery's request ID, echoed exactly.
        let requestId: String
        /// When the response was made, in epoch milliseconds (a number: a string is a failure to Firehose).
        let timestamp: Int64
        /// Why the delivery failed; absent on success.
        let errorMessage: String?
    }

    /// The domain port.
    let operations: any IncidentOperations
    /// The wall clock, for `receivedAt` and the reply's timestamp.
    let now: @Sendable () -> Date
    /// Where unexpected errors are logged.
    let logger: JSONLineLogger
    /// Where accepted events and refused deliveries are counted, if anywhere.
    var metrics: CordonMetrics?

    /// The body policy; refusals are in Firehose's shape too, so a 413 reaches Firehose as a permanent failure.
    static func bodyPolicy(now: @escaping @Sendable () -> Date) -> BodyPolicy {
        BodyPolicy(.post, "/v1/firehose", maxBytes: maxBodyBytes, acceptsTextPlain: false) { head, status, detail in
            reply(status: status, requestID: head.headers["X-Amz-Firehose-Request-Id"] ?? "", at: now(), errorMessage: detail)
        }
    }

    /// Adds the route.
    func register(on router: inout Router) {
        router.on(.post, "/v1/firehose") { request in await deliver(request) }
    }

    /// Journals the delivery and answers 200 once it is durable, echoing the request ID.
    func deliver(_ request: HTTPRequest) async -> HTTPResponse {
        let headerID = request.headers["X-Amz-Firehose-Request-Id"]
        do {
            let receipt = try await operations.ingest(request.body, format: .firehose, receivedAt: now())
            metrics?.recordIngest(format: EventFormat.firehose.rawValue, accepted: receipt.accepted)
            return Self.reply(status: .ok, requestID: headerID ?? receipt.firehoseRequestId ?? "", at: now(), errorMessage: nil)
        } catch {
            metrics?.recordRejection(format: EventFormat.firehose.rawValue, error: error)
            let outcome = APIErrorMapping.outcome(for: error, requestID: request.requestID, logger: logger)
            let requestID = headerID ?? Self.requestID(in: request.body) ?? ""
            var response = Self.reply(status: outcome.status, requestID: requestID, at: now(), errorMessage: outcome.detail)
            if let seconds = outcome.retryAfterSeconds { response.headers.set("Retry-After", String(seconds)) }
            return response
        }
    }

    /// A reply in Firehose's shape; `errorMessage` is cut to the contract's 8192 characters.
    static func reply(status: HTTPStatus, requestID: String, at time: Date, errorMessage: String?) -> HTTPResponse {
        let body = Reply(requestId: requestID, timestamp: Int64((time.timeIntervalSince1970 * 1000).rounded(.down)),
                         errorMessage: errorMessage.map { String($0.prefix(8192)) })
        return JSONBody.response(body, status: status)
    }

    /// The body's `requestId`, for an error reply to a request sent without the header (curl, tests): Firehose
    /// itself always sends both, equal. Nil when the body is not a JSON object with a string `requestId`; the
    /// error being answered already says why.
    static func requestID(in body: Data) -> String? {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: body)["requestId"]?.stringValue
        } catch {
            return nil
        }
    }
}
