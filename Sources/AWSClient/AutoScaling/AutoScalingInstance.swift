/// An instance's Auto Scaling membership (DescribeAutoScalingInstances).
public struct AutoScalingInstance: Sendable, Equatable {
    /// The instance.
    public var instanceId: String
    /// The group it belongs to.
    public var autoScalingGroupName: String
    /// InService, Pending, Terminating, Detaching, Standby, …
    public var lifecycleState: String?
    /// HEALTHY or UNHEALTHY (an unhealthy instance is about to be terminated by the group).
    public var healthStatus: String?
    /// Whether scale-in protection is on.
    public var protectedFromScaleIn: Bool?

    /// Decodes an `AutoScalingInstances` member.
    init(xml: XMLTree) throws {
        instanceId = try xml.required("InstanceId")
        autoScalingGroupName = try xml.required("AutoScalingGroupName")
        lifecycleState = xml.string("LifecycleState")
        healthStatus = xml.string("HealthStatus")
        protectedFromScaleIn = xml.bool("ProtectedFromScaleIn")
    }
}
