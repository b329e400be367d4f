/// A network interface as DescribeInstances (`networkInterfaceSet`) and DescribeNetworkInterfaces describe it.
public struct EC2NetworkInterface: Sendable, Equatable {
    /// The ENI ID (eni-…).
    public var networkInterfaceId: String
    /// The subnet.
    public var subnetId: String?
    /// The VPC.
    public var vpcId: String?
    /// The security groups on this interface (each ENI has its own).
    public var groups: [EC2GroupIdentifier]
    /// Every private IPv4 address, primary first as AWS lists them.
    public var privateIpAddresses: [String]
    /// Public IPv4 addresses associated with the interface's private addresses.
    public var publicIpAddresses: [String]
    /// IPv6 addresses.
    public var ipv6Addresses: [String]
    /// The attachment ID, when attached.
    public var attachmentId: String?
    /// The device index (0 is the primary interface).
    public var deviceIndex: Int?
    /// The instance it is attached to (DescribeNetworkInterfaces only).
    public var instanceId: String?
    /// "in-use", "available", … (DescribeNetworkInterfaces uses `status` too).
    public var status: String?

    /// Creates an interface description.
    public init(networkInterfaceId: String, subnetId: String? = nil, vpcId: String? = nil, groups: [EC2GroupIdentifier] = [],
                privateIpAddresses: [String] = [], publicIpAddresses: [String] = [], ipv6Addresses: [String] = [],
                attachmentId: String? = nil, deviceIndex: Int? = nil, instanceId: String? = nil, status: String? = nil) {
        self.networkInterfaceId = networkInterfaceId
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.groups = groups
        self.privateIpAddresses = privateIpAddresses
        self.publicIpAddresses = publicIpAddresses
        self.ipv6Addresses = ipv6Addresses
        self.attachmentId = attachmentId
        self.deviceIndex = deviceIndex
        self.instanceId = instanceId
        self.status = status
    }

    /// Decodes an interface item; the element names are the same in both actions.
    init(xml: XMLTree) throws {
        let addresses = xml.list("privateIpAddressesSet")
        var privates = addresses.compactMap { $0.string("privateIpAddress") }
        if privates.isEmpty, let primary = xml.string("privateIpAddress") { privates = [primary] }
        var publics = addresses.compactMap { $0.string("association", "publicIp") }
        if publics.isEmpty, let primary = xml.string("association", "publicIp") { publics = [primary] }
        self.init(
            networkInterfaceId: try xml.required("networkInterfaceId"), subnetId: xml.string("subnetId"),
            vpcId: xml.string("vpcId"), groups: EC2GroupIdentifier.list(xml, "groupSet"),
            privateIpAddresses: privates, publicIpAddresses: publics,
            ipv6Addresses: xml.list("ipv6AddressesSet").compactMap { $0.string("ipv6Address") },
            attachmentId: xml.string("attachment", "attachmentId"), deviceIndex: xml.int("attachment", "deviceIndex"),
            instanceId: xml.string("attachment", "instanceId"), status: xml.string("status"))
    }
}
