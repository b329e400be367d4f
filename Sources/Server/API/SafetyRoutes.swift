import Domain
import FoundationEssentials

/// Responder safety: the plan an incident would carry out, and approvals bound to it.
struct SafetyRoutes: Sendable {
    /// The members `POST /v1/incidents/{id}/approvals` accepts.
    static let approvalShape = JSONBody.Shape.object(["planDigest": .value])

    /// The body of `POST /v1/incidents/{id}/approvals`.
    struct ApprovalRequest: Decodable, Sendable, Equatable {
        /// The digest of the plan the approver reviewed (`GET /v1/incidents/{id}/plan`).
        let planDigest: String
    }

    /// The body policies: small JSON commands.
    static let bodyPolicies = [BodyPolicy(.post, "/v1/incidents/{id}/approvals", maxBytes: IncidentRoutes.maxBodyBytes)]

    /// The domain port.
    let operations: any IncidentOperations
    /// Where unexpected errors are logged.
    let logger: JSONLineLogger
    /// The authenticated principal for a request's headers (see `CordonAPI.principal`).
    var principal: @Sendable (HTTPHeaders) -> Principal? = { _ in nil }

    /// Adds the plan and approval routes.
    func register(on router: inout Router) {
        router.on(.get, "/v1/incidents/{id}/plan") { request in await answer(request) { try await plan(request) } }
        router.on(.post, "/v1/incidents/{id}/approvals") { request in await answer(request) { try await approve(request) } }
    }

    /// The plan from a fresh describe and EC2 dry runs; nothing changes in AWS.
    func plan(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try IncidentRoutes.incidentID(request.pathParameters["id"])
        return JSONBody.response(try await operations.plan(incidentId: id), status: .ok)
    }

    /// Records one approval; 200 with the incident (its `approvals`, and its steps running once approved).
    func approve(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try IncidentRoutes.incidentID(request.pathParameters["id"])
        let actor = try IncidentRoutes.requester(in: request.headers, principal: principal(request.headers))
        let body = try JSONBody.decode(ApprovalRequest.self, from: request.body, shape: Self.approvalShape)
        guard body.planDigest.utf8.count == 64, body.planDigest.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw HTTPError(.badRequest, "planDigest: 64 lower-case hex characters, the digest of GET /v1/incidents/\(id)/plan.")
        }
        return JSONBody.response(try await operations.approve(incidentId: id, planDigest: body.planDigest, by: actor), status: .ok)
    }

    private func answer(_ request: HTTPRequest, _ handler: () async throws -> HTTPResponse) async -> HTTPResponse {
        do {
            return try await handler()
        } catch {
            return APIErrorMapping.problem(for: error, requestID: request.requestID, logger: logger)
        }
    }
}
