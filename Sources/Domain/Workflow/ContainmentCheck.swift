import FoundationEssentials

/// Decides from a fresh description whether an instance is contained (DESIGN.md: "Verify before saying
/// contained"). Pure: the descriptions come in, the findings go out.
public enum ContainmentCheck {
    /// What is still wrong; empty when the instance is contained.
    public static func findings(current: InstanceDescription, groups: IsolationGroups, expectedSnapshots: [String],
                                snapshots: SnapshotInventory) -> [String] {
        var findings: [String] = []
        for interface in current.networkInterfaces {
            guard let pair = groups.pair(for: interface.vpcId) else {
                findings.append("\(interface.networkInterfaceId) is in \(interface.vpcId), which has no quarantine group")
                continue
            }
            if interface.securityGroupIds != [pair.quarantineGroupId] {
                let now = interface.securityGroupIds.joined(separator: ",")
                findings.append("\(interface.networkInterfaceId) is in [\(now)], not only \(pair.quarantineGroupId)")
            }
        }
        // protect-instance's three settings; an attribute not described (nil) is not a finding. A setting the API
        // accepted but did not apply (moto ignored one form of ModifyInstanceAttribute) shows up only here.
        if current.terminationProtection == false {
            findings.append("termination protection is off")
        }
        if current.stopProtection == false {
            findings.append("stop protection is off")
        }
        if let behaviour = current.shutdownBehavior, behaviour != "stop" {
            findings.append("shutdown behaviour is \(behaviour), not stop")
        }
        if let group = current.autoScalingGroupName {
            findings.append("still in Auto Scaling group \(group)")
        }
        for balancer in current.classicLoadBalancers {
            findings.append("still registered with load balancer \(balancer)")
        }
        for membership in current.targetGroups {
            findings.append("still registered in target group \(membership.targetGroupArn)")
        }
        for snapshotId in expectedSnapshots {
            // "pending" counts: the snapshot exists and EBS completes it from the point-in-time copy.
            switch snapshots.states[snapshotId] {
            case "pending", "completed": break
            case let state?: findings.append("snapshot \(snapshotId) is \(state)")
            case nil: findings.append("snapshot \(snapshotId) not found")
            }
        }
        return findings
    }
}
