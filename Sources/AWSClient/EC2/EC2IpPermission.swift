/// A security group rule set for one protocol and port range (EC2 `IpPermission`).
public struct EC2IpPermission: Sendable, Equatable {
    /// "tcp", "udp", "icmp", "icmpv6" or "-1" for all.
    public var ipProtocol: String
    /// The first port (or ICMP type); nil for all.
    public var fromPort: Int?
    /// The last port (or ICMP code); nil for all.
    public var toPort: Int?
    /// IPv4 CIDR ranges.
    public var ipv4Ranges: [String]
    /// IPv6 CIDR ranges.
    public var ipv6Ranges: [String]
    /// Source/destination security group IDs.
    public var groupIds: [String]

    /// Creates a rule.
    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, ipv4Ranges: [String] = [],
                ipv6Ranges: [String] = [], groupIds: [String] = []) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipv4Ranges = ipv4Ranges
        self.ipv6Ranges = ipv6Ranges
        self.groupIds = groupIds
    }

    /// Decodes an `ipPermissions`/`ipPermissionsEgress` item.
    init(xml: XMLTree) {
        self.init(ipProtocol: xml.string("ipProtocol") ?? "-1", fromPort: xml.int("fromPort"), toPort: xml.int("toPort"),
                  ipv4Ranges: xml.list("ipRanges").compactMap { $0.string("cidrIp") },
                  ipv6Ranges: xml.list("ipv6Ranges").compactMap { $0.string("cidrIpv6") },
                  groupIds: xml.list("groups").compactMap { $0.string("groupId") })
    }

    /// Encodes a list of rules as `IpPermissions.N.…` (EC2 API reference, AuthorizeSecurityGroupIngress).
    static func encode(_ permissions: [EC2IpPermission], into parameters: inout QueryParameters) {
        parameters.set(list: "IpPermissions", permissions) { parameters, permission, prefix in
            parameters.set("\(prefix).IpProtocol", permission.ipProtocol)
            parameters.set("\(prefix).FromPort", permission.fromPort)
            parameters.set("\(prefix).ToPort", permission.toPort)
            parameters.set(list: "\(prefix).IpRanges", permission.ipv4Ranges) { parameters, cidr, rangePrefix in
                parameters.set("\(rangePrefix).CidrIp", cidr)
            }
            parameters.set(list: "\(prefix).Ipv6Ranges", permission.ipv6Ranges) { parameters, cidr, rangePrefix in
                parameters.set("\(rangePrefix).CidrIpv6", cidr)
            }
            parameters.set(list: "\(prefix).Groups", permission.groupIds) { parameters, groupId, groupPrefix in
                parameters.set("\(groupPrefix).GroupId", groupId)
            }
        }
    }
}
