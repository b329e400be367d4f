import Domain

extension AWSCloudResponder {
    /// Finds each VPC's quarantine group without creating one, and dry-runs every changing EC2 call containment
    /// makes. Parameters are chosen so that an endpoint ignoring DryRun would change nothing: each ENI's current
    /// groups, the protection attributes as described, a tag the instance already has.
    public func dryRunContainment(of instance: InstanceDescription, in scope: CloudScope) async throws -> ContainmentDryRun {
        try await mapped("dryRunContainment") {
            let ec2 = EC2Client(client: await client(for: scope))
            var requestIds: [String] = []
            var quarantine: [String: String] = [:]
            for vpc in instance.vpcIds {
                let groups = try await ec2.describeSecurityGroups(filters: [
                    EC2Filter(name: "vpc-id", values: [vpc]),
                    EC2Filter(name: "tag:\(Self.roleTagKey)", values: [IsolationRole.quarantine.rawValue]),
                ])
                requestIds += groups.requestIds
                if let group = groups.items.map(\.groupId).sorted().first { quarantine[vpc] = group }
            }
            if let configured = configuration.quarantineSecurityGroupId {
                let described = try await ec2.describeSecurityGroups(groupIds: [configured])
                requestIds += described.requestIds
                for group in described.items { quarantine[group.vpcId ?? ""] = group.groupId }
            }
            var probes: [(action: String, resource: String, parameters: QueryParameters)] = []
            for interface in instance.networkInterfaces {
                var parameters = QueryParameters()
                parameters.set("NetworkInterfaceId", interface.networkInterfaceId)
                parameters.set(list: "SecurityGroupId", interface.securityGroupIds)
                probes.append(("ModifyNetworkInterfaceAttribute", interface.networkInterfaceId, parameters))
            }
            var protection = EC2InstanceAttributeChange.disableApiTermination(instance.terminationProtection ?? false).parameters
            protection.set("InstanceId", instance.instanceId)
            probes.append(("ModifyInstanceAttribute", instance.instanceId, protection))
            for volume in instance.volumes {
                var parameters = QueryParameters()
                parameters.set("VolumeId", volume.volumeId)
                probes.append(("CreateSnapshot", volume.volumeId, parameters))
            }
            var tags = QueryParameters()
            tags.set("ResourceId.1", instance.instanceId)
            if let (key, value) = instance.tags.sorted(by: { $0.key < $1.key }).first {
                tags.set("Tag.1.Key", key)
                tags.set("Tag.1.Value", value)
            } else {
                tags.set("Tag.1.Key", "cordon:planned")
                tags.set("Tag.1.Value", "dry-run")
            }
            probes.append(("CreateTags", instance.instanceId, tags))
            let answers = try await concurrently(probes) { probe in try await ec2.dryRun(probe.action, probe.parameters) }
            let checks = zip(probes, answers).map { probe, answer in
                PermissionCheck(action: probe.action, resource: probe.resource, allowed: answer.allowed, code: answer.code)
            }
            return ContainmentDryRun(quarantineGroupIds: quarantine, permissionChecks: checks,
                                     requestIds: requestIds + answers.compactMap(\.requestId))
        }
    }

    /// Puts back what containment changed, from the recorded prior state; every call sets a state, so a repeat
    /// changes nothing (see `CloudResponder.restoreInstance`).
    public func restoreInstance(_ prior: InstanceDescription, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("restoreInstance") {
            enum Restore: Sendable {
                case groups(NetworkInterfaceState), attribute(EC2InstanceAttributeChange), autoScaling(String)
                case classic(String), target(TargetGroupMembership)
            }
            let client = await client(for: scope)
            let ec2 = EC2Client(client: client), autoScaling = AutoScalingClient(client: client)
            let elb = ELBClient(client: client), elbv2 = ELBv2Client(client: client)
            var work: [Restore] = prior.networkInterfaces.map(Restore.groups)
            if let value = prior.terminationProtection { work.append(.attribute(.disableApiTermination(value))) }
            if let value = prior.stopProtection { work.append(.attribute(.disableApiStop(value))) }
            if let value = prior.shutdownBehavior { work.append(.attribute(.instanceInitiatedShutdownBehavior(value))) }
            if let group = prior.autoScalingGroupName { work.append(.autoScaling(group)) }
            work += prior.classicLoadBalancers.map(Restore.classic) + prior.targetGroups.map(Restore.target)
            let requestIds = try await concurrently(work) { item -> [String] in
                switch item {
                case .groups(let interface):
                    return [try await ec2.modifyNetworkInterfaceAttribute(
                        networkInterfaceId: interface.networkInterfaceId, groupIds: interface.securityGroupIds).requestId]
                case .attribute(let change):
                    return [try await ec2.modifyInstanceAttribute(instanceId: prior.instanceId, change).requestId]
                case .autoScaling(let group):
                    // AttachInstances on an instance already in the group is accepted (it is already InService).
                    return [try await autoScaling.attachInstances(autoScalingGroupName: group, instanceIds: [prior.instanceId]).requestId]
                case .classic(let name):
                    return try await elb.registerInstancesWithLoadBalancer(name: name, instanceIds: [prior.instanceId]).requestIds
                case .target(let membership):
                    let target = ELBv2Target(id: prior.instanceId, port: membership.port)
                    return [try await elbv2.registerTargets(targetGroupArn: membership.targetGroupArn, targets: [target]).requestId]
                }
            }
            return CloudEffect(requestIds: requestIds.flatMap { $0 })
        }
    }
}
