import Domain
import FoundationEssentials

/// The incident resource: open one, list them, read one, act on one.
struct IncidentRoutes: Sendable {
    /// The largest command body accepted; commands are a few hundred bytes.
    static let maxBodyBytes = 64 * 1024
    /// The longest `Idempotency-Key` accepted (a UUID is 36).
    static let maxIdempotencyKeyLength = 255
    /// The longest incident ID or actor name accepted.
    static let maxIdentifierLength = 128
    /// Who an action is recorded as when the request does not say.
    static let defaultActor = "api"

    /// The members `POST /v1/incidents` accepts; everything else the incident has is the server's to set.
    static let openShape = JSONBody.Shape.object([
        "target": .object(["instanceId": .value, "ipAddress": .value, "accessKeyId": .value]),
        "playbook": .oneOf(PlaybookName.allCases.map(\.rawValue)),
        "reference": .value,
        "region": .value,
        "account": .value,
        "mode": .oneOf(IncidentMode.allCases.map(\.rawValue)),
        "dryRun": .value,
    ])

    /// The members `POST /v1/incidents/{id}/actions` accepts.
    static let actionShape = JSONBody.Shape.object(["action": .oneOf(IncidentAction.allCases.map(\.rawValue))])

    /// The body of `POST /v1/incidents/{id}/actions`.
    struct ActionRequest: Decodable, Sendable, Equatable {
        /// What to do.
        let action: IncidentAction
    }

    /// The body of `GET /v1/incidents`: like `IncidentPage`, but `nextCursor` is always present (null on the
    /// last page), so a client can test it without checking for the key.
    struct Page: Encodable, Sendable {
        private enum CodingKeys: String, CodingKey { case items, nextCursor }
        /// The incidents on the page.
        let items: [Incident]
        /// The next page's cursor, or nil.
        let nextCursor: String?

        /// The page as the service returned it.
        init(_ page: IncidentPage) {
            items = page.items
            nextCursor = page.nextCursor
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    /// The domain port.
    let operations: any IncidentOperations
    /// Where unexpected errors are logged.
    let logger: JSONLineLogger
    /// The authenticated principal for a request's headers (nil without authentication), so the recorded actor is
    /// the credential's name and role, not only what the caller claims.
    var principal: @Sendable (HTTPHeaders) -> Principal? = { _ in nil }

    /// The body policies: small JSON commands.
    static let bodyPolicies = [
        BodyPolicy(.post, "/v1/incidents", maxBytes: maxBodyBytes),
        BodyPolicy(.post, "/v1/incidents/{id}/actions", maxBytes: maxBodyBytes),
    ]

    /// Adds the four routes.
    func register(on router: inout Router) {
        router.on(.post, "/v1/incidents") { request in await answer(request) { try await open(request) } }
        router.on(.get, "/v1/incidents") { request in await answer(request) { try await list(request) } }
        router.on(.get, "/v1/incidents/{id}") { request in await answer(request) { try await read(request) } }
        router.on(.post, "/v1/incidents/{id}/actions") { request in await answer(request) { try await act(request) } }
    }

    /// 201 with `Location` when this request opened the incident; 200 with the same incident when an earlier
    /// request with the same `Idempotency-Key` had; 200 with the plan and nothing opened for `"dryRun": true`.
    func open(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = try Self.idempotencyKey(in: request.headers)
        let actor = try Self.requester(in: request.headers, principal: principal(request.headers))
        let body = try JSONBody.decode(OpenIncidentRequest.self, from: request.body, shape: Self.openShape)
        if body.dryRun == true {
            // Opens nothing: the answer is the plan (issue #6, dry-run).
            return JSONBody.response(try await operations.plan(for: body, by: actor), status: .ok)
        }
        let opened = try await operations.open(body, idempotencyKey: key, by: actor)
        let location = "/v1/incidents/\(opened.incident.id)"
        return JSONBody.response(opened.incident, status: opened.created ? .created : .ok, headers: ["Location": location])
    }

    /// One page of incidents, newest first.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let query = try IncidentListQuery(request.queryItems)
        let page = try await operations.incidents(status: query.status, limit: query.limit, after: query.cursor)
        return JSONBody.response(Page(page), status: .ok)
    }

    /// One incident.
    func read(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.incidentID(request.pathParameters["id"])
        return JSONBody.response(try await operations.incident(id: id), status: .ok)
    }

    /// Runs an action; 202 because the workflow goes on after the answer.
    func act(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.incidentID(request.pathParameters["id"])
        let actor = try Self.requester(in: request.headers, principal: principal(request.headers))
        let body = try JSONBody.decode(ActionRequest.self, from: request.body, shape: Self.actionShape)
        return JSONBody.response(try await operations.perform(body.action, on: id, by: actor), status: .accepted)
    }

    /// Runs a handler and maps whatever it throws in the one place errors become responses.
    private func answer(_ request: HTTPRequest, _ handler: () async throws -> HTTPResponse) async -> HTTPResponse {
        do {
            return try await handler()
        } catch {
            return APIErrorMapping.problem(for: error, requestID: request.requestID, logger: logger)
        }
    }

    /// The `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header §2: a quoted sf-string; the bare token
    /// most clients send is accepted too), 1 to 255 visible ASCII characters; nil when absent.
    static func idempotencyKey(in headers: HTTPHeaders) throws(HTTPError) -> String? {
        guard var key = headers["Idempotency-Key"] else { return nil }
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard (1...maxIdempotencyKeyLength).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPError(.badRequest, "Header Idempotency-Key must be 1 to \(maxIdempotencyKeyLength) visible ASCII characters (no spaces).")
        }
        return key
    }

    /// Who the request acts for, recorded in the timeline and audit log: the token's name, followed by
    /// `X-Cordon-Actor` when sent (a chatops bot naming the human it acts for: `oncall-bot for alice`), which is
    /// 1 to 128 printable ASCII characters; without a token (tests of the bare routes) the header alone, or "api".
    static func actor(in headers: HTTPHeaders, tokenName: String? = nil) throws(HTTPError) -> String {
        guard let asserted = headers["X-Cordon-Actor"] else { return tokenName ?? defaultActor }
        guard (1...maxIdentifierLength).contains(asserted.utf8.count), asserted.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError(.badRequest, "Header X-Cordon-Actor must be 1 to \(maxIdentifierLength) printable ASCII characters.")
        }
        return tokenName.map { "\($0) for \(asserted)" } ?? asserted
    }

    /// Who the request acts for, as the audit log records it: the name from `actor(in:tokenName:)` and the token's
    /// role (issue #6: "who (token name and role)"); no role without authentication.
    static func requester(in headers: HTTPHeaders, principal: Principal?) throws(HTTPError) -> AuditActor {
        AuditActor(name: try actor(in: headers, tokenName: principal?.name), role: principal?.role.rawValue)
    }

    /// The `{id}` path parameter, checked before any lookup: 1 to 128 of `A-Z a-z 0-9 . _ -` (IDs Cordon
    /// makes look like `inc-20261129T144021Z-9f3a2c1b`), so nothing else reaches the store as a file name.
    static func incidentID(_ value: String?) throws(HTTPError) -> String {
        guard let value, (1...maxIdentifierLength).contains(value.utf8.count), value.utf8.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }), value != ".", value != ".." else {
            throw HTTPError(.badRequest, "Path parameter id: not an incident ID (1 to \(maxIdentifierLength) of A-Z, a-z, 0-9, '.', '_', '-').")
        }
        return value
    }
}
