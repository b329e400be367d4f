/// Where and when an access key was last used (IAM GetAccessKeyLastUsed): evidence for an exposed key.
public struct IAMAccessKeyLastUsed: Sendable, Equatable {
    /// The owner of the key.
    public var userName: String?
    /// When it was last used (ISO 8601), nil if never.
    public var lastUsedDate: String?
    /// The service it was last used with ("N/A" if never).
    public var serviceName: String?
    /// The region it was last used in ("N/A" if never).
    public var region: String?
    /// The request ID.
    public var requestId: String

    /// Decodes a `GetAccessKeyLastUsedResult`.
    init(xml: XMLTree, requestId: String) {
        userName = xml.string("UserName")
        lastUsedDate = xml.string("AccessKeyLastUsed", "LastUsedDate")
        serviceName = xml.string("AccessKeyLastUsed", "ServiceName")
        region = xml.string("AccessKeyLastUsed", "Region")
        self.requestId = requestId
    }
}
