import FoundationEssentials

/// What one `AWSClient.send` did, for metrics: which action, how it ended, and after how many attempts.
public struct AWSCallRecord: Sendable, Equatable {
    /// The outcome label of a call that returned its output.
    public static let success = "success"

    /// The service the action belongs to.
    public var service: AWSService
    /// The action name as AWS spells it, e.g. "DescribeInstances".
    public var action: String
    /// `success`, or the error code the call finally failed with (the AWS code, or one of Cordon's own such as
    /// `RequestTimeout` or `Cancelled`).
    public var outcome: String
    /// Requests sent (1 when it was not retried); a call that failed before sending anything counts 1.
    public var attempts: Int

    /// Creates a record.
    public init(service: AWSService, action: String, outcome: String, attempts: Int) {
        self.service = service
        self.action = action
        self.outcome = outcome
        self.attempts = attempts
    }
}
