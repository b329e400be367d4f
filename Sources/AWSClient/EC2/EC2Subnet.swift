/// A VPC subnet (DescribeSubnets): where forensic workstations launch, and so the zone their volumes must be in.
public struct EC2Subnet: Sendable, Equatable {
    /// The subnet ID (subnet-…).
    public var subnetId: String
    /// The VPC.
    public var vpcId: String?
    /// The Availability Zone; a subnet lives in exactly one (VPC User Guide, "Subnets for your VPC").
    public var availabilityZone: String?

    /// Creates a subnet.
    public init(subnetId: String, vpcId: String? = nil, availabilityZone: String? = nil) {
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.availabilityZone = availabilityZone
    }

    /// Decodes a `subnetSet` item.
    init(xml: XMLTree) throws {
        subnetId = try xml.required("subnetId")
        vpcId = xml.string("vpcId")
        availabilityZone = xml.string("availabilityZone")
    }
}
