import AWSClient
import Foundation
import Testing
@testable import Server

@Suite struct AuthenticatorTests {
    /// Every row of the permission table and what each caller gets: 0 admitted, else the status.
    static let matrix: [(HTTPMethod, String, [Role])] = [
        (.get, "/metrics", [.reader, .responder, .approver, .metrics, .admin]),
        (.post, "/v1/events", [.ingest, .admin]),
        (.post, "/v1/firehose", [.ingest, .admin]),
        (.get, "/v1/incidents", [.reader, .responder, .approver, .admin]),
        (.post, "/v1/incidents", [.responder, .admin]),
        (.get, "/v1/incidents/i-1", [.reader, .responder, .approver, .admin]),
        (.post, "/v1/incidents/i-1/actions", [.responder, .admin]),
        (.delete, "/v1/incidents/i-1", [.admin]),
    ]

    @Test(arguments: matrix)
    func tokenRouteMatrix(method: HTTPMethod, path: String, allowed: [Role]) {
        let authenticator = AuthFixtures.authenticator()
        #expect(AuthFixtures.status(authenticator.authenticate(AuthFixtures.head(method, path))) == 401)
        #expect(AuthFixtures.status(authenticator.authenticate(AuthFixtures.head(method, path, bearer: AuthFixtures.wrongSecret))) == 401)
        for role in Role.allCases {
            let decision = authenticator.authenticate(AuthFixtures.head(method, path, bearer: AuthFixtures.secret(role)))
            #expect(AuthFixtures.status(decision) == (allowed.contains(role) ? 0 : 403), "\(role) on \(method) \(path)")
            if case .admitted(let principal) = decision {
                #expect(principal == Principal(name: role.rawValue, role: role))
            }
        }
    }

    @Test(arguments: [(HTTPMethod.get, "/healthz"), (.head, "/healthz"), (.get, "/readyz")])
    func probesNeedNoToken(method: HTTPMethod, path: String) {
        guard case .admitted(nil) = AuthFixtures.authenticator().authenticate(AuthFixtures.head(method, path)) else {
            Issue.record("\(method) \(path) was not admitted without a token")
            return
        }
    }

    @Test func missingTokenGetsTheBareChallenge() {
        let response = AuthFixtures.refusal(AuthFixtures.authenticator().authenticate(AuthFixtures.head(.get, "/v1/incidents")))
        #expect(response?.status == .unauthorized)
        #expect(response?.headers["WWW-Authenticate"] == #"Bearer realm="cordon""#)
        #expect(response?.headers["Content-Type"] == "application/problem+json")
    }

    @Test(arguments: [
        "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer two words", "Bearer caf\u{e9}", "Bearer =abc", "Bearer a=b",
        "Token test-admin-token-0123456789abcdef",
    ])
    func malformedAuthorizationIsInvalidToken(field: String) {
        let response = AuthFixtures.refusal(AuthFixtures.authenticator().authenticate(AuthFixtures.head(.get, "/v1/incidents", ["Authorization": field])))
        #expect(response?.status == .unauthorized)
        #expect(response?.headers["WWW-Authenticate"] == #"Bearer realm="cordon", error="invalid_token""#)
    }

    @Test func twoAuthorizationFieldsAreRefused() {
        let secret = AuthFixtures.secret(.admin)
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(secret)")
        headers.add("Authorization", "Bearer \(secret)")
        let head = AuthFixtures.head(.get, "/v1/incidents", headers)
        #expect(AuthFixtures.status(AuthFixtures.authenticator().authenticate(head)) == 401)
    }

    @Test func schemeIsCaseInsensitive() {
        let head = AuthFixtures.head(.get, "/v1/incidents", ["Authorization": "bearer \(AuthFixtures.secret(.reader))"])
        #expect(AuthFixtures.status(AuthFixtures.authenticator().authenticate(head)) == 0)
    }

    @Test func forbiddenNamesTheRolesThatMay() throws {
        let decision = AuthFixtures.authenticator().authenticate(AuthFixtures.head(.post, "/v1/incidents/i-1/actions", bearer: AuthFixtures.secret(.reader)))
        let response = try #require(AuthFixtures.refusal(decision))
        let problem = try JSONDecoder().decode(ProblemDetails.self, from: response.body)
        #expect(problem.status == 403)
        #expect(problem.detail.contains("responder or admin role"))
        #expect(problem.detail.contains("'reader' has the reader role"))
    }

    @Test func firehoseAccessKeyIsAToken() {
        let authenticator = AuthFixtures.authenticator()
        let key = { (secret: String) in AuthFixtures.head(.post, "/v1/firehose", ["X-Amz-Firehose-Access-Key": secret]) }
        #expect(AuthFixtures.status(authenticator.authenticate(key(AuthFixtures.secret(.ingest)))) == 0)
        #expect(AuthFixtures.status(authenticator.authenticate(key(AuthFixtures.secret(.reader)))) == 403)
        #expect(AuthFixtures.status(authenticator.authenticate(key(AuthFixtures.wrongSecret))) == 401)
        // The access key is only a credential on the Firehose route.
        let elsewhere = AuthFixtures.head(.post, "/v1/events", ["X-Amz-Firehose-Access-Key": AuthFixtures.secret(.ingest)])
        #expect(AuthFixtures.status(authenticator.authenticate(elsewhere)) == 401)
    }

    @Test func webhookRouteNeedsItsHeadersBeforeTheBody() {
        let authenticator = AuthFixtures.authenticator()
        let bare = AuthFixtures.refusal(authenticator.authenticate(AuthFixtures.head(.post, "/v1/webhooks/events")))
        #expect(bare?.status == .unauthorized)
        #expect(bare?.headers["WWW-Authenticate"] != nil)
        let signed = AuthFixtures.head(.post, "/v1/webhooks/events", ["webhook-id": "m1", "webhook-timestamp": "1", "webhook-signature": "v1,AA=="])
        #expect(AuthFixtures.status(authenticator.authenticate(signed)) == 0)
    }

    @Test func rateLimitAnswers429WithRetryAfter() throws {
        let clock = AuthFixtures.ManualClock()
        let limited = AccessToken(name: "siem", role: .ingest, digest: SHA256("siem-token-0123456789abcdef").digest, rateLimit: RateLimit(perSecond: 0.5, burst: 2))
        let authenticator = AuthFixtures.authenticator(tokens: [limited], clock: clock)
        let head = AuthFixtures.head(.post, "/v1/events", bearer: "siem-token-0123456789abcdef")
        #expect(AuthFixtures.status(authenticator.authenticate(head)) == 0)
        #expect(AuthFixtures.status(authenticator.authenticate(head)) == 0)
        let refused = try #require(AuthFixtures.refusal(authenticator.authenticate(head)))
        #expect(refused.status == .tooManyRequests)
        #expect(refused.headers["Retry-After"] == "2")
        clock.advance(2)
        #expect(AuthFixtures.status(authenticator.authenticate(head)) == 0)
    }

    @Test(arguments: [
        // (elapsed seconds since the previous take, granted?)
        [(0.0, true), (0, true), (0, true), (0, false), (0.5, false), (0.5, true), (0, false)],
        [(0.0, true), (0, true), (0, true), (10, true), (0, true), (0, true), (0, false)],
    ])
    func tokenBucket(steps: [(Double, Bool)]) {
        var bucket = TokenBucket(limit: RateLimit(perSecond: 1, burst: 3), now: 0)
        var now = 0.0
        for (index, (elapsed, granted)) in steps.enumerated() {
            now += elapsed
            #expect((bucket.take(at: now) == nil) == granted, "step \(index)")
        }
    }
}
