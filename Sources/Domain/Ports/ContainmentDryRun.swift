import FoundationEssentials

/// What a dry run of an instance's containment found without changing anything: the quarantine groups that
/// already exist and the `DryRun=true` permission checks.
public struct ContainmentDryRun: Sendable, Equatable {
    /// The existing (or configured) quarantine group per VPC; a VPC missing here gets one created.
    public var quarantineGroupIds: [String: String]
    /// One check per changing call the containment would make, where EC2 offers DryRun.
    public var permissionChecks: [PermissionCheck]
    /// The request IDs of the calls made.
    public var requestIds: [String]

    /// Creates a result.
    public init(quarantineGroupIds: [String: String], permissionChecks: [PermissionCheck], requestIds: [String] = []) {
        self.quarantineGroupIds = quarantineGroupIds
        self.permissionChecks = permissionChecks
        self.requestIds = requestIds
    }
}
