import Foundation

/// What scripts/moto/fixture.py built: a VPC, an instance with two ENIs (the second in two groups) and three volumes,
/// termination protection on, stop protection off and shutdown behaviour "terminate", in an Auto Scaling group behind
/// a classic ELB and an ALB target group, the forensic AMI, subnet and group, and an IAM user with a key.
public struct MotoFixture: Decodable, Sendable {
    /// The region it was built in.
    public var region: String
    /// The VPC of the instance.
    public var vpcId: String
    /// The suspect instance.
    public var instanceId: String
    /// The suspect instance's primary private IPv4 address.
    public var privateIpAddress: String
    /// The suspect instance's network interfaces, primary first.
    public var networkInterfaceIds: [String]
    /// The suspect instance's EBS volumes.
    public var volumeIds: [String]
    /// The Auto Scaling group the instance is in.
    public var autoScalingGroupName: String
    /// The classic ELB the instance is registered with.
    public var classicLoadBalancerName: String
    /// The ALB target group the instance is registered with.
    public var targetGroupArn: String
    /// The forensic workstation's AMI.
    public var forensicAmiId: String
    /// The forensic workstation's subnet.
    public var forensicSubnetId: String
    /// The forensic workstation's security group.
    public var forensicSecurityGroupId: String
    /// The IAM user owning the access key.
    public var userName: String
    /// The user's access key.
    public var accessKeyId: String

    /// Builds a fresh fixture in the moto at `url` (in `region`, us-east-1 by default); `file` is where its JSON
    /// is kept for the checker.
    public static func build(at url: URL, file: URL, region: String? = nil) throws -> MotoFixture {
        let data = try runMotoScript("fixture.py", [url.absoluteString] + (region.map { [$0] } ?? []))
        try data.write(to: file)
        return try JSONDecoder().decode(MotoFixture.self, from: data)
    }
}
