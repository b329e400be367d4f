/// An ELBv2 target group (DescribeTargetGroups).
public struct ELBv2TargetGroup: Sendable, Equatable {
    /// The target group ARN.
    public var targetGroupArn: String
    /// The name.
    public var targetGroupName: String?
    /// instance, ip, lambda or alb.
    public var targetType: String?
    /// The VPC.
    public var vpcId: String?
    /// The default port of targets.
    public var port: Int?
    /// The load balancers that forward to it.
    public var loadBalancerArns: [String]

    /// Decodes a `TargetGroups` member.
    init(xml: XMLTree) throws {
        targetGroupArn = try xml.required("TargetGroupArn")
        targetGroupName = xml.string("TargetGroupName")
        targetType = xml.string("TargetType")
        vpcId = xml.string("VpcId")
        port = xml.int("Port")
        loadBalancerArns = xml.list("LoadBalancerArns").map(\.text)
    }
}
