import FoundationEssentials

/// An IAM access key, its owner and its last use (ListAccessKeys/GetAccessKeyLastUsed), recorded before it is
/// deactivated.
public struct AccessKeyDescription: Codable, Sendable, Equatable {
    /// The access key ID.
    public var accessKeyId: String
    /// The IAM user that owns it.
    public var userName: String
    /// "Active" or "Inactive".
    public var status: String
    /// When it was created.
    public var createdAt: Date?
    /// When it was last used, if ever.
    public var lastUsedAt: Date?
    /// The service it was last used with.
    public var lastUsedService: String?
    /// The region it was last used in.
    public var lastUsedRegion: String?
    /// The request IDs of the calls that produced this description.
    public var requestIds: [String]

    /// Creates a description.
    public init(accessKeyId: String, userName: String, status: String, createdAt: Date? = nil,
                lastUsedAt: Date? = nil, lastUsedService: String? = nil, lastUsedRegion: String? = nil,
                requestIds: [String] = []) {
        self.accessKeyId = accessKeyId
        self.userName = userName
        self.status = status
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.lastUsedService = lastUsedService
        self.lastUsedRegion = lastUsedRegion
        self.requestIds = requestIds
    }
}
