extension ContainmentReport {
    /// What is wrong with the fixture's instance after containment and forensics, one sentence each; empty when
    /// it is protected, tagged with `reference`, out of its Auto Scaling group and load balancers, and every
    /// network interface is only in a quarantine group that sends nothing and admits only the forensic group,
    /// reached through an untracking group that allows all traffic. The Cordon-level and end-to-end tests share it.
    public func isolationProblems(of fixture: MotoFixture, reference: String) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(problem()) }
        }
        require(instance.disableApiTermination, "termination protection is off")
        require(instance.disableApiStop, "stop protection is off")
        require(instance.shutdownBehavior == "stop", "shutdown behaviour is \(instance.shutdownBehavior)")
        require(instance.tags["Environment"] == "Quarantine:\(reference)",
                "Environment tag is \(instance.tags["Environment"] ?? "missing")")
        require(autoScalingGroups.isEmpty, "still in Auto Scaling groups \(autoScalingGroups)")
        require(!classicLoadBalancerInstances.contains(fixture.instanceId), "still registered with the classic ELB")
        require(targetGroupTargets[fixture.instanceId] == nil, "still a target of the target group")
        guard let quarantine = isolationGroups["quarantine"], let untracking = isolationGroups["untracking"] else {
            return problems + ["isolation groups missing: found \(isolationGroups.keys.sorted())"]
        }
        require(Set(instance.interfaceGroups.keys) == Set(fixture.networkInterfaceIds),
                "interfaces \(instance.interfaceGroups.keys.sorted()) are not the fixture's")
        for (eni, groups) in instance.interfaceGroups.sorted(by: { $0.key < $1.key }) {
            require(groups == [quarantine.groupId], "\(eni) is in \(groups), not only \(quarantine.groupId)")
        }
        require(quarantine.tags["cordon:managed"] == "true", "the quarantine group is not tagged as Cordon's")
        require(quarantine.egress.isEmpty, "the quarantine group sends: \(quarantine.egress)")
        require(quarantine.ingress == [Rule(protocol: "-1", ipv4: [], ipv6: [], groups: [fixture.forensicSecurityGroupId])],
                "the quarantine group admits \(quarantine.ingress)")
        let everywhere: Set<String> = ["0.0.0.0/0", "::/0"]
        require(Set(untracking.ingress.flatMap { $0.ipv4 + $0.ipv6 }) == everywhere, "the untracking group's ingress is \(untracking.ingress)")
        require(Set(untracking.egress.flatMap { $0.ipv4 + $0.ipv6 }) == everywhere, "the untracking group's egress is \(untracking.egress)")
        return problems
    }
}
