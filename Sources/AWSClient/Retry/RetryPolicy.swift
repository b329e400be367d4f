import FoundationEssentials

/// The AWS SDKs' "standard" retry mode (AWS SDKs and Tools reference, "Retry behavior"): which failures
/// are retried, how many attempts, and how long to wait between them.
public struct RetryPolicy: Sendable, Equatable {
    /// Why a failed attempt may be retried.
    public enum Reason: Sendable, Equatable {
        /// AWS refused the request for rate: it was not performed, so any call may be repeated.
        case throttling
        /// A server error or lost connection: the call may have been performed.
        case transient
        /// A timeout: like `transient`, and costs more retry quota.
        case timeout
        /// The signature's time was rejected and the clock offset has just been corrected.
        case clockSkew
    }

    /// Total attempts including the first (standard mode default: 3).
    public var maxAttempts: Int
    /// The backoff ceiling (standard mode: 20 s).
    public var maxBackoff: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 3, maxBackoff: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
    }

    /// Error codes AWS uses to say "slow down" (the SDKs' throttling list).
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes of transient server-side failures (the SDKs' list, plus EC2's documented 5xx codes).
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "Unavailable", "IDPCommunicationError",
    ]

    /// HTTP statuses treated as transient whatever the code.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Error codes that mean the signature's timestamp was off; retried only once the offset is corrected.
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// Classifies a failure; nil means it is not retryable at all.
    public static func reason(for error: AWSClientError, skewCorrected: Bool) -> Reason? {
        switch error.kind {
        case .transport:
            return error.code == AWSClientError.timedOutCode ? .timeout : .transient
        case .service:
            if throttlingCodes.contains(error.code) || error.httpStatus == 429 { return .throttling }
            if clockSkewCodes.contains(error.code) { return skewCorrected ? .clockSkew : nil }
            if transientCodes.contains(error.code) { return .transient }
            if let status = error.httpStatus, transientStatuses.contains(status) { return .transient }
            return nil
        case .decoding, .credentials, .configuration:
            return nil
        }
    }

    /// Whether a call may be repeated for that reason: a call that may already have taken effect is
    /// repeated only when it is idempotent (or can look up its earlier effect), never blindly
    /// (smithy's retry error classes; AWS SDKs "Retry behavior").
    public static func allowsRetry(_ reason: Reason, idempotent: Bool) -> Bool {
        switch reason {
        case .throttling, .clockSkew: true
        case .transient, .timeout: idempotent
        }
    }

    /// The delay before retry number `retry` (1 for the first retry): `min(b * 2^(retry-1), maxBackoff)`
    /// with `b` uniform in [0, 1), i.e. exponential backoff with full jitter.
    public func backoff(retry: Int, random: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let seconds = random * Double(1 << exponent)
        let ceiling = Double(maxBackoff.components.seconds) + Double(maxBackoff.components.attoseconds) / 1e18
        return .milliseconds(Int((min(seconds, ceiling) * 1000).rounded()))
    }
}
