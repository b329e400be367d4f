import FoundationEssentials

/// A launched (or, on a repeated token, found) forensic workstation.
public struct ForensicWorkstation: Codable, Sendable, Equatable {
    /// Its instance ID.
    public var instanceId: String
    /// Its Availability Zone, where volumes from the snapshots are created.
    public var availabilityZone: String
    /// Its security groups.
    public var securityGroupIds: [String]
    /// The calls made; `createdResourceIds` holds the instance ID when this call launched it.
    public var effect: CloudEffect

    /// Creates a workstation record.
    public init(instanceId: String, availabilityZone: String, securityGroupIds: [String], effect: CloudEffect = CloudEffect()) {
        self.instanceId = instanceId
        self.availabilityZone = availabilityZone
        self.securityGroupIds = securityGroupIds
        self.effect = effect
    }
}
