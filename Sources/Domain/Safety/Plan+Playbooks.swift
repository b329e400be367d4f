import FoundationEssentials

extension Plan {
    /// The containment of a described instance (the `contain-instance` steps; `forensics` adds its workstation).
    public static func containment(of instance: InstanceDescription, target: IncidentTarget, playbook: PlaybookName,
                                   reference: String, dryRun: ContainmentDryRun, exemption: String?) -> Plan {
        var plan = Plan(target: target, playbook: playbook)
        plan.instanceId = instance.instanceId
        plan.exemption = exemption
        guard exemption == nil else { return plan }
        plan.networkInterfaces = instance.networkInterfaces.map { interface in
            let quarantine = dryRun.quarantineGroupIds[interface.vpcId] ?? "new quarantine group in \(interface.vpcId)"
            return InterfaceChange(networkInterfaceId: interface.networkInterfaceId, vpcId: interface.vpcId,
                                   currentGroupIds: interface.securityGroupIds, newGroupIds: [quarantine])
        }
        plan.autoScalingGroup = instance.autoScalingGroupName
        plan.classicLoadBalancers = instance.classicLoadBalancers
        plan.targetGroups = instance.targetGroups
        plan.volumesToSnapshot = instance.volumes.map(\.volumeId)
        plan.protectInstance = true
        // The seed runbook's tag (AWS Security Incident Response Guide, Appendix B, step 11).
        plan.instanceTags = ["Environment": "Quarantine:\(reference)"]
        plan.permissionChecks = dryRun.permissionChecks
        return plan
    }

    /// The containment of a described access key (`contain-access-key`); IAM offers no DryRun.
    public static func containment(of key: AccessKeyDescription, target: IncidentTarget, exemption: String?) -> Plan {
        var plan = Plan(target: target, playbook: .containAccessKey)
        plan.exemption = exemption
        guard exemption == nil else { return plan }
        plan.accessKeysToDeactivate = [key.accessKeyId]
        plan.userToTag = key.userName
        return plan
    }
}
