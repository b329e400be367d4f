/// Who the credentials belong to (STS GetCallerIdentity).
public struct STSCallerIdentity: Sendable, Equatable {
    /// The account ID.
    public var account: String
    /// The caller's ARN.
    public var arn: String
    /// The unique ID of the caller.
    public var userId: String?
    /// The request ID.
    public var requestId: String
}
