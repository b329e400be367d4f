import FoundationEssentials

/// An instance as described by EC2, Auto Scaling and Elastic Load Balancing: the prior state recorded as
/// evidence before containment, used to plan isolation, to verify it, and to release the host later.
public struct InstanceDescription: Codable, Sendable, Equatable {
    /// The instance ID.
    public var instanceId: String
    /// The EC2 instance state name ("running", "stopped", ...).
    public var state: String
    /// The instance's Availability Zone (forensic volumes must be created there or in the workstation's).
    public var availabilityZone: String
    /// The instance type.
    public var instanceType: String?
    /// The AMI it was launched from.
    public var imageId: String?
    /// The instance profile ARN, if any (its role's sessions may need revoking too).
    public var iamInstanceProfileArn: String?
    /// Its tags.
    public var tags: [String: String]
    /// Every attached network interface, primary first (DescribeInstances NetworkInterfaceSet).
    public var networkInterfaces: [NetworkInterfaceState]
    /// Every attached EBS volume (BlockDeviceMappings).
    public var volumes: [VolumeState]
    /// The Auto Scaling group it belongs to (DescribeAutoScalingInstances), if any.
    public var autoScalingGroupName: String?
    /// Classic load balancers it is registered with.
    public var classicLoadBalancers: [String]
    /// ELBv2 target groups it is registered in.
    public var targetGroups: [TargetGroupMembership]
    /// Whether DisableApiTermination is set.
    public var terminationProtection: Bool?
    /// Whether DisableApiStop is set (stop protection).
    public var stopProtection: Bool?
    /// InstanceInitiatedShutdownBehavior ("stop" or "terminate").
    public var shutdownBehavior: String?
    /// The request IDs of the Describe calls that produced this description.
    public var requestIds: [String]

    /// Creates a description.
    public init(
        instanceId: String, state: String, availabilityZone: String, instanceType: String? = nil,
        imageId: String? = nil, iamInstanceProfileArn: String? = nil, tags: [String: String] = [:],
        networkInterfaces: [NetworkInterfaceState], volumes: [VolumeState], autoScalingGroupName: String? = nil,
        classicLoadBalancers: [String] = [], targetGroups: [TargetGroupMembership] = [],
        terminationProtection: Bool? = nil, stopProtection: Bool? = nil, shutdownBehavior: String? = nil,
        requestIds: [String] = []
    ) {
        self.instanceId = instanceId
        self.state = state
        self.availabilityZone = availabilityZone
        self.instanceType = instanceType
        self.imageId = imageId
        self.iamInstanceProfileArn = iamInstanceProfileArn
        self.tags = tags
        self.networkInterfaces = networkInterfaces
        self.volumes = volumes
        self.autoScalingGroupName = autoScalingGroupName
        self.classicLoadBalancers = classicLoadBalancers
        self.targetGroups = targetGroups
        self.terminationProtection = terminationProtection
        self.stopProtection = stopProtection
        self.shutdownBehavior = shutdownBehavior
        self.requestIds = requestIds
    }

    /// The VPCs its interfaces are in, sorted (one quarantine group is needed per VPC).
    public var vpcIds: [String] {
        Array(Set(networkInterfaces.map(\.vpcId))).sorted()
    }
}
