import AWSClient
import Foundation
import Testing
@testable import Server

@Suite struct WebhookVerifierTests {
    // The example in the Standard Webhooks specification and its reference libraries' tests.
    static let specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let specID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let specTimestamp = 1_614_265_330.0
    static let specBody = Data(#"{"test": 2432232314}"#.utf8)
    static let specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    static let newSecret = "whsec_" + Data(repeating: 0x42, count: 24).base64EncodedString()

    static func verifier(_ secrets: [String], now: Double = specTimestamp) throws -> WebhookVerifier {
        let parsed = try secrets.map { secret throws(ConfigurationError) in try WebhookSecret(secret, source: "test") }
        return WebhookVerifier(secrets: parsed, clock: { now })
    }

    static func headers(id: String = specID, timestamp: String = "1614265330", signature: String = specSignature) -> HTTPHeaders {
        ["webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature]
    }

    /// A signature by `secret` over the delivery, as a sender computes it.
    static func sign(_ secret: String, id: String = specID, timestamp: String = "1614265330", body: Data) throws -> String {
        let key = try WebhookSecret(secret, source: "test").key
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        return "v1," + HMACSHA256(key: key, message: message).code.base64EncodedString()
    }

    @Test func specExampleVerifies() throws {
        #expect(try Self.verifier([Self.specSecret]).verify(headers: Self.headers(), body: Self.specBody) == .verified(id: Self.specID))
    }

    @Test func flippedBodyByteIsRejected() throws {
        var body = Self.specBody
        body[3] ^= 0x01
        #expect(try Self.verifier([Self.specSecret]).verify(headers: Self.headers(), body: body) != .verified(id: Self.specID))
    }

    @Test func reserializedBodyIsRejected() throws {
        // The same JSON value, written without the space: the signature covers bytes, not meaning.
        #expect(try Self.verifier([Self.specSecret]).verify(headers: Self.headers(), body: Data(#"{"test":2432232314}"#.utf8)) != .verified(id: Self.specID))
    }

    @Test(arguments: [(-301.0, false), (301, false), (-300, true), (300, true), (-86_400, false)])
    func timestampWindow(offset: Double, accepted: Bool) throws {
        let verifier = try Self.verifier([Self.specSecret], now: Self.specTimestamp + offset)
        #expect((verifier.verify(headers: Self.headers(), body: Self.specBody) == .verified(id: Self.specID)) == accepted)
    }

    @Test func rotationAcceptsBothSecretsThenOnlyTheNewOne() throws {
        let newSignature = try Self.sign(Self.newSecret, body: Self.specBody)
        let during = try Self.verifier([Self.newSecret, Self.specSecret])
        #expect(during.verify(headers: Self.headers(signature: newSignature), body: Self.specBody) == .verified(id: Self.specID))
        #expect(during.verify(headers: Self.headers(), body: Self.specBody) == .verified(id: Self.specID))
        let after = try Self.verifier([Self.newSecret])
        #expect(after.verify(headers: Self.headers(), body: Self.specBody) != .verified(id: Self.specID))
    }

    @Test func anyListedSignatureMayMatch() throws {
        // Senders in rotation send several space-separated signatures; unknown versions are skipped.
        let headers = Self.headers(signature: "v1a,bm90IGEgc2lnbmF0dXJl v1,AAAA \(Self.specSignature)")
        #expect(try Self.verifier([Self.specSecret]).verify(headers: headers, body: Self.specBody) == .verified(id: Self.specID))
    }

    @Test(arguments: [
        headers(id: ""), headers(id: "has space"), headers(id: String(repeating: "x", count: 257)),
        headers(timestamp: "1614265330.5"), headers(timestamp: "-1"), headers(timestamp: "soon"),
        headers(signature: "v1a,abc"), headers(signature: "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        headers(id: "msg_other"),
    ])
    func malformedOrMismatchedHeadersAreRejected(headers: HTTPHeaders) throws {
        guard case .rejected = try Self.verifier([Self.specSecret]).verify(headers: headers, body: Self.specBody) else {
            Issue.record("accepted \(headers)")
            return
        }
    }

    @Test(arguments: ["whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!!notbase64", "whsec_c2hvcnQ="])
    func badSecretsAreRefused(text: String) {
        #expect(throws: ConfigurationError.self) { try WebhookSecret(text, source: "CORDON_WEBHOOK_SECRETS") }
    }

    @Test func secretListKeepsOrder() throws {
        let secrets = try WebhookSecret.list(" \(Self.newSecret), \(Self.specSecret) ", source: "CORDON_WEBHOOK_SECRETS")
        #expect(secrets.map(\.key) == [Data(repeating: 0x42, count: 24), Data(base64Encoded: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
        #expect(throws: ConfigurationError.self) { try WebhookSecret.list(" , ", source: "CORDON_WEBHOOK_SECRETS") }
    }
}

@Suite struct WebhookReplayCacheTests {
    @Test func aReplayInsideTheWindowIsRecognised() {
        let clock = AuthFixtures.ManualClock()
        let cache = WebhookReplayCache(capacity: 10, clock: clock.now)
        #expect(cache.claim("msg_1"))
        #expect(!cache.claim("msg_1"))
        clock.advance(WebhookReplayCache.retention - 1)
        #expect(!cache.claim("msg_1"))
        clock.advance(1)
        #expect(cache.claim("msg_1"))
    }

    @Test func releaseLetsTheRetryThrough() {
        let cache = WebhookReplayCache(capacity: 10, clock: AuthFixtures.ManualClock().now)
        #expect(cache.claim("msg_1"))
        cache.release("msg_1")
        #expect(cache.claim("msg_1"))
        #expect(!cache.claim("msg_1"))
    }

    @Test func capacityDropsTheOldestFirst() {
        let cache = WebhookReplayCache(capacity: 3, clock: AuthFixtures.ManualClock().now)
        for id in ["a", "b", "c", "d"] { #expect(cache.claim(id)) }
        #expect(cache.count == 3)
        #expect(!cache.claim("d"))
        #expect(cache.claim("a"))
    }

    @Test func expiredIdsDoNotAccumulate() {
        let clock = AuthFixtures.ManualClock()
        let cache = WebhookReplayCache(capacity: 100_000, clock: clock.now)
        for index in 0..<5_000 {
            #expect(cache.claim("msg_\(index)"))
            clock.advance(1)
        }
        #expect(cache.count == Int(WebhookReplayCache.retention))
    }
}

@Suite struct WebhookEndpointTests {
    /// An endpoint whose ingest handler counts calls and answers `status`.
    static func endpoint(clock: AuthFixtures.ManualClock, status: HTTPStatus = .accepted) throws -> (WebhookEndpoint, LockedValue<Int>) {
        let calls = LockedValue(0)
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookVerifierTests.specSecret, source: "test")], clock: clock.now)
        let endpoint = WebhookEndpoint(verifier: verifier, replays: WebhookReplayCache(capacity: 100, clock: clock.now)) { _ in
            calls.withLock { $0 += 1 }
            return HTTPResponse(status: status)
        }
        return (endpoint, calls)
    }

    static func delivery(body: Data = WebhookVerifierTests.specBody) -> HTTPRequest {
        let head = AuthFixtures.head(.post, "/v1/webhooks/events", WebhookVerifierTests.headers())
        return HTTPRequest(head: head, body: body, requestID: "r-1")
    }

    @Test func aReplayInsideTheWindowCreatesNothingNew() async throws {
        let clock = AuthFixtures.ManualClock(WebhookVerifierTests.specTimestamp)
        let (endpoint, calls) = try Self.endpoint(clock: clock)
        #expect(await endpoint.respond(to: Self.delivery()).status == .accepted)
        clock.advance(120)
        let replay = await endpoint.respond(to: Self.delivery())
        #expect(replay.status == .ok)
        #expect(String(decoding: replay.body, as: UTF8.self) == #"{"status":"duplicate","webhookId":"msg_p5jXN8AQM9LWM0D4loKWxJek"}"#)
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func aFailedDeliveryIsProcessedWhenRetried() async throws {
        let clock = AuthFixtures.ManualClock(WebhookVerifierTests.specTimestamp)
        let (endpoint, calls) = try Self.endpoint(clock: clock, status: .serviceUnavailable)
        #expect(await endpoint.respond(to: Self.delivery()).status == .serviceUnavailable)
        #expect(await endpoint.respond(to: Self.delivery()).status == .serviceUnavailable)
        #expect(calls.withLock { $0 } == 2)
    }

    @Test func aBadSignatureIs401AndIngestsNothing() async throws {
        let (endpoint, calls) = try Self.endpoint(clock: AuthFixtures.ManualClock(WebhookVerifierTests.specTimestamp))
        var body = WebhookVerifierTests.specBody
        body[body.count - 2] ^= 0x01
        let response = await endpoint.respond(to: Self.delivery(body: body))
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == WebhookEndpoint.challenge)
        #expect(calls.withLock { $0 } == 0)
    }
}
