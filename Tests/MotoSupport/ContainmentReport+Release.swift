extension ContainmentReport {
    /// Every attribute of the fixture's instance that containment changes and a release must put back (issue #6,
    /// "Release"), by name, as the checker described it: each ENI's groups in order, termination and stop protection,
    /// the shutdown behaviour, the Auto Scaling groups it is in, the classic ELB's instances and the target group's
    /// targets with their ports. Two reports restore each other when these are equal; tags are not here, because
    /// containment's tags are the incident's record and a release keeps them.
    public var releaseAttributes: [String: String] {
        var attributes = [
            "disableApiTermination": String(instance.disableApiTermination),
            "disableApiStop": String(instance.disableApiStop),
            "instanceInitiatedShutdownBehavior": instance.shutdownBehavior,
            "autoScalingGroups": autoScalingGroups.sorted().joined(separator: ","),
            "classicLoadBalancerInstances": classicLoadBalancerInstances.sorted().joined(separator: ","),
            "targetGroupTargets": targetGroupTargets.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
                .joined(separator: ","),
        ]
        for (eni, groups) in instance.interfaceGroups {
            attributes["groups of \(eni)"] = groups.joined(separator: ",")
        }
        return attributes
    }
}
