import FoundationEssentials

/// Decides from a fresh description whether a release restored the recorded prior state. Pure.
public enum ReleaseCheck {
    /// What still differs from `prior`; empty when the host is released. Attributes not recorded (nil) are not checked.
    public static func findings(prior: InstanceDescription, current: InstanceDescription) -> [String] {
        var findings: [String] = []
        let now = Dictionary(current.networkInterfaces.map { ($0.networkInterfaceId, $0) }, uniquingKeysWith: { first, _ in first })
        for interface in prior.networkInterfaces {
            guard let found = now[interface.networkInterfaceId] else {
                findings.append("\(interface.networkInterfaceId) is no longer attached")
                continue
            }
            if Set(found.securityGroupIds) != Set(interface.securityGroupIds) {
                findings.append("\(interface.networkInterfaceId) is in [\(found.securityGroupIds.joined(separator: ","))], "
                                + "not [\(interface.securityGroupIds.joined(separator: ","))]")
            }
        }
        if let was = prior.terminationProtection, current.terminationProtection != was {
            findings.append("termination protection is \(current.terminationProtection.map(String.init) ?? "unknown"), was \(was)")
        }
        if let was = prior.stopProtection, current.stopProtection != was {
            findings.append("stop protection is \(current.stopProtection.map(String.init) ?? "unknown"), was \(was)")
        }
        if let was = prior.shutdownBehavior, current.shutdownBehavior != was {
            findings.append("shutdown behaviour is \(current.shutdownBehavior ?? "unknown"), was \(was)")
        }
        if current.autoScalingGroupName != prior.autoScalingGroupName {
            findings.append("Auto Scaling group is \(current.autoScalingGroupName ?? "none"), was \(prior.autoScalingGroupName ?? "none")")
        }
        for balancer in Set(prior.classicLoadBalancers).subtracting(current.classicLoadBalancers).sorted() {
            findings.append("not registered with load balancer \(balancer)")
        }
        let registered = Set(current.targetGroups.map(\.targetGroupArn))
        for membership in prior.targetGroups where !registered.contains(membership.targetGroupArn) {
            findings.append("not registered in target group \(membership.targetGroupArn)")
        }
        return findings
    }
}
