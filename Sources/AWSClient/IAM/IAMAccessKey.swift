/// An access key's metadata (IAM ListAccessKeys); the secret is never returned.
public struct IAMAccessKey: Sendable, Equatable {
    /// The access key ID.
    public var accessKeyId: String
    /// Active or Inactive.
    public var status: String
    /// The user it belongs to.
    public var userName: String?
    /// When it was created (ISO 8601 as AWS wrote it).
    public var createDate: String?

    /// Decodes an `AccessKeyMetadata` member.
    init(xml: XMLTree) throws {
        accessKeyId = try xml.required("AccessKeyId")
        status = try xml.required("Status")
        userName = xml.string("UserName")
        createDate = xml.string("CreateDate")
    }
}
