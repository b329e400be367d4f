/// A classic load balancer and its registered instances (ELB DescribeLoadBalancers).
public struct ClassicLoadBalancer: Sendable, Equatable {
    /// The load balancer name.
    public var name: String
    /// Its DNS name.
    public var dnsName: String?
    /// Its VPC.
    public var vpcId: String?
    /// The registered instance IDs.
    public var instanceIds: [String]

    /// Decodes a `LoadBalancerDescriptions` member.
    init(xml: XMLTree) throws {
        name = try xml.required("LoadBalancerName")
        dnsName = xml.string("DNSName")
        vpcId = xml.string("VPCId")
        instanceIds = xml.list("Instances").compactMap { $0.string("InstanceId") }
    }
}
