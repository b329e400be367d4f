import Domain
import FoundationEssentials

/// `POST /v1/events`: any event shape Cordon knows, as a SIEM or EventBridge API destination sends it.
struct EventRoutes: Sendable {
    /// The largest event document accepted (a CloudTrail log object can hold thousands of records).
    static let maxBodyBytes = 16 * 1024 * 1024

    /// The domain port.
    let operations: any IncidentOperations
    /// The wall clock, for `receivedAt`.
    let now: @Sendable () -> Date
    /// Where unexpected errors are logged.
    let logger: JSONLineLogger
    /// Where accepted events and refused documents are counted, if anywhere.
    var metrics: CordonMetrics?
    /// The `format` label they are counted under: `events`, or `webhook` for the signed-webhook route.
    var formatLabel = EventFormat.events.rawValue

    /// The body policy: large bodies, and `text/plain` as Splunk's webhook sends.
    static let bodyPolicy = BodyPolicy(.post, "/v1/events", maxBytes: maxBodyBytes, acceptsTextPlain: true)

    /// Adds the route.
    func register(on router: inout Router) {
        router.on(.post, "/v1/events") { request in await ingest(request) }
    }

    /// Journals the body as received (gzip already inflated by the engine) and answers 202 once it is durable.
    func ingest(_ request: HTTPRequest) async -> HTTPResponse {
        do {
            let receipt = try await operations.ingest(request.body, format: .events, receivedAt: now())
            metrics?.recordIngest(format: formatLabel, accepted: receipt.accepted)
            return JSONBody.response(receipt, status: .accepted)
        } catch {
            metrics?.recordRejection(format: formatLabel, error: error)
            return APIErrorMapping.problem(for: error, requestID: request.requestID, logger: logger)
        }
    }
}
