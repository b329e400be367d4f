/// An IAM user (GetUser).
public struct IAMUser: Sendable, Equatable {
    /// The user name.
    public var userName: String
    /// The stable user ID (AIDA…).
    public var userId: String?
    /// The user ARN.
    public var arn: String?
    /// The tags.
    public var tags: [AWSTag]
    /// The request ID.
    public var requestId: String

    /// Decodes a `GetUserResult`.
    init(xml: XMLTree, requestId: String) throws {
        userName = try xml.required("User", "UserName")
        userId = xml.string("User", "UserId")
        arn = xml.string("User", "Arn")
        tags = xml.list("User", "Tags").map(AWSTag.init(xml:))
        self.requestId = requestId
    }
}
