import Foundation
import Testing
@testable import Server

/// The authenticator as the engine's admission hook, over a live socket on port 0.
@Suite struct AuthLiveTests {
    static func router() -> Router {
        var router = Router()
        router.onImmediate(.get, "/healthz") { _ in .json(["status": "ok"]) }
        router.onImmediate(.post, "/v1/events") { request in .json(["bytes": request.body.count], status: .accepted) }
        let access = APIAccess(authenticator: AuthFixtures.authenticator(), webhookSecrets: [], metrics: CordonMetrics { [:] })
        access.guard(&router, now: { APIFixtures.now })
        return router
    }

    @Test func expectContinueGetsThe401InsteadOf100() throws {
        try HTTPFixtures.withServer(responder: Self.router()) { server in
            let client = try RawClient(port: server.port)
            client.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 401)
            #expect(response.headers["www-authenticate"] == #"Bearer realm="cordon""#)
        }
    }

    @Test func aGoodTokenGetsContinueThenTheAnswer() throws {
        try HTTPFixtures.withServer(responder: Self.router()) { server in
            let client = try RawClient(port: server.port)
            let secret = AuthFixtures.secret(.ingest)
            client.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(secret)\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse(toHead: true).status == 100)
            client.send("{}  ")
            let response = try client.readResponse()
            #expect(response.status == 202)
            #expect(response.body == Data(#"{"bytes":4}"#.utf8))
        }
    }

    @Test func probesStayOpen() throws {
        try HTTPFixtures.withServer(responder: Self.router()) { server in
            let client = try RawClient(port: server.port)
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
    }
}

/// Request metrics through the engine: the event loop reports each answered request to the router's observer.
@Suite struct MetricsLiveTests {
    @Test func answeredRequestsAreCountedByRoutePattern() async throws {
        let router = try AuthFixtures.securedRouter(APIFixtures.FakeOperations())
        try await APIFixtures.offThePool {
            try HTTPFixtures.withServer(responder: router) { server in
                let client = try RawClient(port: server.port)
                client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 200)
                client.send("GET /v1/incidents/inc-1 HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 401)
                client.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 404)
                client.send("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(AuthFixtures.secret(.metrics))\r\n\r\n")
                let text = String(decoding: try client.readResponse().body, as: UTF8.self)
                #expect(text.contains(#"cordon_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
                #expect(text.contains(#"cordon_http_requests_total{method="GET",route="/v1/incidents/{id}",status="401"} 1"#))
                #expect(text.contains(#"cordon_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
                #expect(text.contains(#"cordon_http_request_duration_seconds_count{method="GET",route="/healthz"} 1"#))
            }
        }
    }
}
