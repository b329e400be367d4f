import FoundationEssentials

/// An instance's registration in an ELBv2 target group (DeregisterTargets needs the port it was registered on).
public struct TargetGroupMembership: Codable, Sendable, Equatable {
    /// The target group ARN.
    public var targetGroupArn: String
    /// The port the target is registered on, if the registration names one.
    public var port: Int?

    /// Creates a membership.
    public init(targetGroupArn: String, port: Int? = nil) {
        self.targetGroupArn = targetGroupArn
        self.port = port
    }
}
