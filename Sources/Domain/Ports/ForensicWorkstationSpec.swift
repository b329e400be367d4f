import FoundationEssentials

/// How to launch a forensic workstation (configured by the platform team).
public struct ForensicWorkstationSpec: Codable, Sendable, Equatable {
    /// The forensic AMI.
    public var imageId: String
    /// The subnet to launch in (its Availability Zone is where forensic volumes are created).
    public var subnetId: String
    /// The workstation's security groups (authorized into the quarantine group).
    public var securityGroupIds: [String]
    /// The instance type.
    public var instanceType: String
    /// The EC2 key pair name, if any.
    public var keyName: String?

    /// Creates a spec.
    public init(imageId: String, subnetId: String, securityGroupIds: [String], instanceType: String, keyName: String? = nil) {
        self.imageId = imageId
        self.subnetId = subnetId
        self.securityGroupIds = securityGroupIds
        self.instanceType = instanceType
        self.keyName = keyName
    }
}
