import Domain

extension DomainError {
    /// The domain's view of a failed AWS call: `cloudTransient` for what the standard retry mode would repeat
    /// (throttling, 5xx, lost connections, timeouts) and for states AWS settles on its own, else `cloudFailure`.
    /// The message keeps the AWS code, message, HTTP status and request ID.
    init(aws error: AWSClientError, during method: String) {
        self.init(Self.isTransient(error) ? .cloudTransient : .cloudFailure, "\(method): \(error.description)")
    }

    /// Error codes of a state that settles by itself (EC2 API reference, "Eventual consistency"): a volume still
    /// creating, an attachment still in progress.
    static let settlingCodes: Set<String> = ["IncorrectState", "IncorrectInstanceState"]

    private static func isTransient(_ error: AWSClientError) -> Bool {
        if RetryPolicy.reason(for: error, skewCorrected: false) != nil { return true }
        switch error.kind {
        case .service:
            return settlingCodes.contains(error.code)
        case .credentials:
            // An instance metadata or STS outage while fetching credentials passes; a refused role does not.
            return error.httpStatus.map { $0 == 429 || RetryPolicy.transientStatuses.contains($0) } ?? false
        case .transport, .decoding, .configuration:
            return false
        }
    }
}
