/// An Elastic IP address (DescribeAddresses).
public struct EC2Address: Sendable, Equatable {
    /// The public IPv4 address.
    public var publicIp: String
    /// The allocation ID (VPC addresses).
    public var allocationId: String?
    /// The association ID, when associated; needed to disassociate.
    public var associationId: String?
    /// The instance it is associated with.
    public var instanceId: String?
    /// The ENI it is associated with.
    public var networkInterfaceId: String?
    /// The private address it maps to.
    public var privateIpAddress: String?

    /// Decodes an `addressesSet` item.
    init(xml: XMLTree) throws {
        publicIp = try xml.required("publicIp")
        allocationId = xml.string("allocationId")
        associationId = xml.string("associationId")
        instanceId = xml.string("instanceId").flatMap { $0.isEmpty ? nil : $0 }
        networkInterfaceId = xml.string("networkInterfaceId")
        privateIpAddress = xml.string("privateIpAddress")
    }
}
