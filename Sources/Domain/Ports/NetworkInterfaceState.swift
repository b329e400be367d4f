import FoundationEssentials

/// One network interface of an instance and the security groups it had.
public struct NetworkInterfaceState: Codable, Sendable, Equatable {
    /// The ENI ID.
    public var networkInterfaceId: String
    /// The VPC it is in.
    public var vpcId: String
    /// The subnet it is in.
    public var subnetId: String?
    /// Its attachment's device index (0 is the primary interface).
    public var deviceIndex: Int
    /// Its security group IDs.
    public var securityGroupIds: [String]
    /// Its private IPv4 addresses.
    public var privateIpAddresses: [String]
    /// Its IPv6 addresses.
    public var ipv6Addresses: [String]
    /// Its public IPv4 address, if any.
    public var publicIp: String?

    /// Creates an interface state.
    public init(networkInterfaceId: String, vpcId: String, subnetId: String? = nil, deviceIndex: Int,
                securityGroupIds: [String], privateIpAddresses: [String] = [], ipv6Addresses: [String] = [],
                publicIp: String? = nil) {
        self.networkInterfaceId = networkInterfaceId
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.deviceIndex = deviceIndex
        self.securityGroupIds = securityGroupIds
        self.privateIpAddresses = privateIpAddresses
        self.ipv6Addresses = ipv6Addresses
        self.publicIp = publicIp
    }
}
