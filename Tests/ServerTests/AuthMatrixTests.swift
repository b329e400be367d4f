import AWSClient
import Domain
import Foundation
import Testing
@testable import Server

/// Every route of the running API × {no token, wrong token, each role}, through the real router and its pre-body hook.
@Suite struct AuthMatrixTests {
    struct Route: Sendable, CustomStringConvertible {
        let method: HTTPMethod
        let path: String
        let pattern: String
        let body: String?
        /// Who gets past authentication; nil for routes that need no token.
        let allowed: [Role]?
        var description: String { "\(method) \(path)" }
    }

    static let incident = APIFixtures.incident()
    static let readers: [Role] = [.reader, .responder, .approver, .admin]
    static let routes: [Route] = [
        Route(method: .get, path: "/healthz", pattern: "/healthz", body: nil, allowed: nil),
        Route(method: .get, path: "/readyz", pattern: "/readyz", body: nil, allowed: nil),
        Route(method: .get, path: "/metrics", pattern: "/metrics", body: nil, allowed: [.reader, .responder, .approver, .metrics, .admin]),
        Route(method: .post, path: "/v1/events", pattern: "/v1/events", body: "{}", allowed: [.ingest, .admin]),
        Route(method: .post, path: "/v1/firehose", pattern: "/v1/firehose", body: #"{"requestId":"r-1","timestamp":1,"records":[]}"#, allowed: [.ingest, .admin]),
        Route(method: .get, path: "/v1/incidents", pattern: "/v1/incidents", body: nil, allowed: readers),
        Route(method: .post, path: "/v1/incidents", pattern: "/v1/incidents", body: #"{"target":{"instanceId":"i-1"}}"#, allowed: [.responder, .admin]),
        Route(method: .get, path: "/v1/incidents/\(incident.id)", pattern: "/v1/incidents/{id}", body: nil, allowed: readers),
        Route(method: .post, path: "/v1/incidents/\(incident.id)/actions", pattern: "/v1/incidents/{id}/actions", body: #"{"action":"close"}"#, allowed: [.responder, .admin]),
    ]

    /// Sends `route` to a fresh API (a fresh fake, so one request's effects never change the next one's answer).
    static func send(_ route: Route, authorization: String?) async throws -> HTTPResponse {
        let operations = APIFixtures.FakeOperations()
        await operations.seed(incident)
        let router = try AuthFixtures.securedRouter(operations)
        var headers: HTTPHeaders = ["Host": "cordon", "Content-Type": "application/json"]
        if let authorization { headers.add("Authorization", "Bearer \(authorization)") }
        return await APIFixtures.send(router, route.method, route.path, body: route.body, headers: headers)
    }

    @Test(arguments: routes)
    func matrix(route: Route) async throws {
        guard let allowed = route.allowed else {
            #expect(try await Self.send(route, authorization: nil).status == .ok)
            return
        }
        let none = try await Self.send(route, authorization: nil)
        #expect(none.status == .unauthorized)
        #expect(none.headers["WWW-Authenticate"] != nil)
        #expect(try await Self.send(route, authorization: AuthFixtures.wrongSecret).status == .unauthorized)
        let adminStatus = try await Self.send(route, authorization: AuthFixtures.secret(.admin)).status.code
        #expect((200..<300).contains(adminStatus))
        for role in Role.allCases {
            let status = try await Self.send(route, authorization: AuthFixtures.secret(role)).status.code
            #expect(status == (allowed.contains(role) ? adminStatus : 403), "\(role) on \(route)")
        }
    }

    @Test(arguments: routes)
    func everyRouteHasItsOwnTableRow(route: Route) async throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations())
        guard case .matched(let pattern, _) = router.resolve(route.method, path: route.path) else {
            Issue.record("\(route) is not routed")
            return
        }
        #expect(pattern.description == route.pattern)
        #expect(PermissionTable.cordon.entries.contains { $0.method == route.method && $0.pattern.description == route.pattern })
    }

    @Test func everyTableRowIsARoute() throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations(), webhookSecrets: [WebhookVerifierTests.specSecret])
        for entry in PermissionTable.cordon.entries {
            let path = entry.pattern.description.replacingOccurrences(of: "{id}", with: "x")
            guard case .matched(let pattern, _) = router.resolve(entry.method, path: path) else {
                Issue.record("\(entry.method) \(entry.pattern) is in the table but not routed")
                continue
            }
            #expect(pattern == entry.pattern)
        }
    }

    @Test func firehoseRefusalsKeepFirehosesContract() async throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations())
        let headers: HTTPHeaders = ["Host": "cordon", "X-Amz-Firehose-Request-Id": "fh-1", "X-Amz-Firehose-Access-Key": AuthFixtures.wrongSecret]
        let response = await APIFixtures.send(router, .post, "/v1/firehose", body: "{}", headers: headers)
        #expect(response.status == .unauthorized)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["WWW-Authenticate"] == #"Bearer realm="cordon", error="invalid_token""#)
        let object = try APIFixtures.object(response)
        #expect(object["requestId"] as? String == "fh-1")
        #expect(object["errorMessage"] as? String == "The token is not valid.")
    }

    @Test func firehoseAccessKeyOfAnIngestTokenIsAccepted() async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations)
        let headers: HTTPHeaders = ["Host": "cordon", "X-Amz-Firehose-Request-Id": "fh-1", "X-Amz-Firehose-Access-Key": AuthFixtures.secret(.ingest)]
        let response = await APIFixtures.send(router, .post, "/v1/firehose", body: #"{"requestId":"fh-1","timestamp":1,"records":[]}"#, headers: headers)
        #expect(response.status == .ok)
        #expect(await operations.ingested.count == 1)
    }

    @Test func metricsAreServedToAScraper() async throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations())
        let response = await APIFixtures.send(router, .get, "/metrics", headers: ["Host": "cordon", "Authorization": "Bearer \(AuthFixtures.secret(.metrics))"])
        #expect(response.headers["Content-Type"] == MetricsRegistry.contentType)
        #expect(String(decoding: response.body, as: UTF8.self).contains("cordon_incidents{status=\"open\"} 1\n"))
    }
}

/// `POST /v1/webhooks/events` through the running API.
@Suite struct WebhookRouteTests {
    static let timestamp = String(Int(APIFixtures.now.timeIntervalSince1970))
    static let body = Data(#"{"detail-type": "GuardDuty Finding", "detail": {"id": "f-1"}}"#.utf8)

    static func deliver(_ router: Router, body: Data = body, id: String = "msg_1", timestamp: String = timestamp,
                        signedWith secret: String = WebhookVerifierTests.specSecret, signedBody: Data? = nil) async throws -> HTTPResponse {
        let signature = try WebhookVerifierTests.sign(secret, id: id, timestamp: timestamp, body: signedBody ?? body)
        let headers: HTTPHeaders = ["Host": "cordon", "Content-Type": "application/json", "webhook-id": id,
                                    "webhook-timestamp": timestamp, "webhook-signature": signature]
        return await APIFixtures.send(router, .post, "/v1/webhooks/events", body: String(decoding: body, as: UTF8.self), headers: headers)
    }

    @Test func aSignedDeliveryIsIngestedOnceAndItsReplayCreatesNothing() async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.specSecret])
        #expect(try await Self.deliver(router).status == .accepted)
        let replay = try await Self.deliver(router)
        #expect(replay.status == .ok)
        #expect(await operations.ingested.count == 1)
        #expect(await operations.ingested.first?.1 == Self.body)
    }

    @Test func aFlippedBodyByteIs401() async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.specSecret])
        var flipped = Self.body
        flipped[5] ^= 0x20
        #expect(try await Self.deliver(router, body: flipped, signedBody: Self.body).status == .unauthorized)
        #expect(await operations.ingested.isEmpty)
    }

    @Test func aReserializedBodyIs401() async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.specSecret])
        let object = try JSONSerialization.jsonObject(with: Self.body)
        let reserialized = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        #expect(reserialized != Self.body)
        #expect(try await Self.deliver(router, body: reserialized, signedBody: Self.body).status == .unauthorized)
        #expect(await operations.ingested.isEmpty)
    }

    @Test(arguments: [-301, 301])
    func aTimestamp301SecondsOffIs401(offset: Int) async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.specSecret])
        let stamp = String(Int(APIFixtures.now.timeIntervalSince1970) + offset)
        #expect(try await Self.deliver(router, timestamp: stamp).status == .unauthorized)
        #expect(await operations.ingested.isEmpty)
    }

    @Test func theOldSecretAfterRotationIs401() async throws {
        let operations = APIFixtures.FakeOperations()
        let during = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.newSecret, WebhookVerifierTests.specSecret])
        #expect(try await Self.deliver(during, id: "msg_old").status == .accepted)
        #expect(try await Self.deliver(during, id: "msg_new", signedWith: WebhookVerifierTests.newSecret).status == .accepted)
        let after = try AuthFixtures.securedRouter(operations, webhookSecrets: [WebhookVerifierTests.newSecret])
        #expect(try await Self.deliver(after, id: "msg_old_2").status == .unauthorized)
        #expect(await operations.ingested.count == 2)
    }

    @Test func unsignedDeliveriesAreRefusedBeforeTheBody() throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations(), webhookSecrets: [WebhookVerifierTests.specSecret])
        let head = AuthFixtures.head(.post, "/v1/webhooks/events", ["Content-Length": "10"])
        guard case .refuse(let response) = router.admit(head) else {
            Issue.record("admitted an unsigned delivery")
            return
        }
        #expect(response.status == .unauthorized)
    }
}

/// Actions are recorded under the token that made them (name and role), with the person a bot names after it.
@Suite struct AuthActorTests {
    @Test(arguments: [(nil as String?, "responder"), ("alice@example.com", "responder for alice@example.com")])
    func theTokenNameIsTheActor(asserted: String?, recorded: String) async throws {
        let operations = APIFixtures.FakeOperations()
        let router = try AuthFixtures.securedRouter(operations)
        var headers: HTTPHeaders = ["Host": "cordon", "Content-Type": "application/json", "Authorization": "Bearer \(AuthFixtures.secret(.responder))"]
        if let asserted { headers.add("X-Cordon-Actor", asserted) }
        let response = await APIFixtures.send(router, .post, "/v1/incidents", body: #"{"target":{"instanceId":"i-1"}}"#, headers: headers)
        #expect((200..<300).contains(response.status.code))
        #expect(await operations.actors == [AuditActor(name: recorded, role: "responder")])
    }
}
