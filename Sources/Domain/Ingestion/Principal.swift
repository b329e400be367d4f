/// Who acted, as far as the event says.
public struct Principal: Codable, Sendable, Equatable, Hashable {
    /// The identity type (CloudTrail `userIdentity.type`: IAMUser, AssumedRole, Root ...).
    public var type: String?
    /// The principal's ARN.
    public var arn: String?
    /// The IAM user name (or the role session issuer's name).
    public var userName: String?
    /// The access key the request was signed with.
    public var accessKeyID: String?

    /// Creates a principal.
    public init(type: String? = nil, arn: String? = nil, userName: String? = nil, accessKeyID: String? = nil) {
        self.type = type
        self.arn = arn
        self.userName = userName
        self.accessKeyID = accessKeyID
    }
}
