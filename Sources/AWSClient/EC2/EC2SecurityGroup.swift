/// A security group with its rules (DescribeSecurityGroups).
public struct EC2SecurityGroup: Sendable, Equatable {
    /// The group ID.
    public var groupId: String
    /// The group name.
    public var groupName: String
    /// The description.
    public var description: String?
    /// The VPC it belongs to (quarantine groups are per VPC).
    public var vpcId: String?
    /// Inbound rules.
    public var ingress: [EC2IpPermission]
    /// Outbound rules.
    public var egress: [EC2IpPermission]
    /// The tags.
    public var tags: [AWSTag]

    /// Decodes a `securityGroupInfo` item.
    init(xml: XMLTree) throws {
        groupId = try xml.required("groupId")
        groupName = xml.string("groupName") ?? ""
        description = xml.string("groupDescription")
        vpcId = xml.string("vpcId")
        ingress = xml.list("ipPermissions").map(EC2IpPermission.init(xml:))
        egress = xml.list("ipPermissionsEgress").map(EC2IpPermission.init(xml:))
        tags = xml.list("tagSet").map(AWSTag.init(xml:))
    }
}
