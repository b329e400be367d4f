import Foundation
import Testing
@testable import AWSClient

@Suite struct RetryPolicyTests {
    static func service(_ code: String, _ status: Int) -> AWSClientError {
        AWSClientError(kind: .service, code: code, message: "", httpStatus: status)
    }

    @Test(arguments: [
        (service("Throttling", 400), RetryPolicy.Reason?.some(.throttling)),
        (service("RequestLimitExceeded", 503), .throttling),
        (service("EC2ThrottledException", 400), .throttling),
        (service("SlowDown", 503), .throttling),
        (service("Anything", 429), .throttling),
        (service("InternalError", 500), .transient),
        (service("RequestTimeout", 400), .transient),
        (service("Unknown", 502), .transient),
        (service("Unknown", 504), .transient),
        (service("InvalidInstanceID.NotFound", 400), nil),
        (service("UnauthorizedOperation", 403), nil),
        (service("SignatureDoesNotMatch", 403), nil),
        (AWSClientError(kind: .transport, code: AWSClientError.connectionFailedCode, message: ""), .transient),
        (AWSClientError(kind: .transport, code: AWSClientError.timedOutCode, message: ""), .timeout),
        (AWSClientError(kind: .decoding, code: "InvalidXML", message: ""), nil),
        (AWSClientError(kind: .credentials, code: "NoCredentials", message: ""), nil),
    ])
    func classifiesFailures(error: AWSClientError, reason: RetryPolicy.Reason?) {
        #expect(RetryPolicy.reason(for: error, skewCorrected: false) == reason)
    }

    @Test func skewErrorsRetryOnlyOnceCorrected() {
        let skew = Self.service("RequestTimeTooSkewed", 403)
        #expect(RetryPolicy.reason(for: skew, skewCorrected: false) == nil)
        #expect(RetryPolicy.reason(for: skew, skewCorrected: true) == .clockSkew)
    }

    @Test(arguments: [
        (RetryPolicy.Reason.throttling, false, true), (.clockSkew, false, true),
        (.transient, false, false), (.timeout, false, false), (.transient, true, true), (.timeout, true, true),
    ])
    func neverRetriesAPossiblyPerformedCallBlindly(reason: RetryPolicy.Reason, idempotent: Bool, allowed: Bool) {
        #expect(RetryPolicy.allowsRetry(reason, idempotent: idempotent) == allowed)
    }

    @Test(arguments: [
        (1, 0.5, Duration.milliseconds(500)), (2, 0.5, .seconds(1)), (3, 0.25, .seconds(1)),
        (1, 0.0, .zero), (6, 0.99, .milliseconds(20_000)), (40, 0.9, .seconds(20)),
    ])
    func backoffIsFullJitterExponentialCapped(retry: Int, random: Double, delay: Duration) {
        #expect(RetryPolicy().backoff(retry: retry, random: random) == delay)
    }

    @Test func quotaChargesRefundsAndRunsOut() async {
        let quota = RetryQuota(capacity: 12)
        #expect(await quota.acquire(timeout: true) == 10)
        #expect(await quota.acquire(timeout: false) == nil)
        await quota.recordSuccess(lastRetryCost: 10)
        #expect(await quota.available == 12)
        #expect(await quota.acquire(timeout: false) == 5)
        await quota.recordSuccess(lastRetryCost: nil)
        #expect(await quota.available == 8)
        await quota.recordSuccess(lastRetryCost: 5)
        #expect(await quota.available == 12)
    }

    @Test func clockOffsetAdoptsOnlyARealSkew() async throws {
        let offset = ClockOffset()
        let server = try #require(ClockOffset.parseHTTPDate("Sun, 29 Nov 2026 13:00:00 GMT"))
        #expect(server == fixedNow.addingTimeInterval(3600))
        #expect(await offset.correct(serverDate: fixedNow.addingTimeInterval(60), localNow: fixedNow) == false)
        #expect(await offset.correct(serverDate: server, localNow: fixedNow) == true)
        #expect(await offset.seconds == 3600)
        #expect(await offset.correct(serverDate: server, localNow: fixedNow) == false)
    }
}
