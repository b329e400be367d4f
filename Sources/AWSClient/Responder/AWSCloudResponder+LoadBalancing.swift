import Domain

extension AWSCloudResponder {
    /// Where an instance receives traffic from: its Auto Scaling group and load balancer registrations.
    struct Memberships: Sendable {
        var instance: EC2Instance?
        var autoScalingGroupName: String?
        var classicLoadBalancers: [String] = []
        var targetGroups: [TargetGroupMembership] = []
        /// Termination and stop protection and shutdown behaviour: the prior state a release restores.
        var protection: EC2InstanceAttributes?
        var requestIds: [String] = []
    }

    /// Detaches with ShouldDecrementDesiredCapacity=false. If Auto Scaling refuses because the instance is no
    /// longer in the group (a repeat after a lost answer), a fresh DescribeAutoScalingInstances confirms it and
    /// the detach counts as done.
    public func detachFromAutoScalingGroup(_ instanceId: String, group: String, in scope: CloudScope,
                                           token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("detachFromAutoScalingGroup") {
            let autoScaling = AutoScalingClient(client: await client(for: scope))
            do {
                let activities = try await autoScaling.detachInstances(
                    autoScalingGroupName: group, instanceIds: [instanceId], shouldDecrementDesiredCapacity: false)
                return CloudEffect(requestIds: activities.requestIds, outputs: ["activityIds": activities.items.joined(separator: ",")])
            } catch let error as AWSClientError where error.kind == .service {
                let current = try await autoScaling.describeAutoScalingInstances(instanceIds: [instanceId])
                guard Self.autoScalingGroup(of: instanceId, in: current.items) != group else { throw error }
                return CloudEffect(requestIds: [error.requestId].compactMap { $0 } + current.requestIds,
                                   outputs: ["alreadyDetached": group])
            }
        }
    }

    /// Deregisters from every classic load balancer and target group concurrently. A registration that is already
    /// gone (a repeat, or a load balancer deleted meanwhile) counts as done once a describe confirms it.
    public func deregisterFromLoadBalancers(_ instanceId: String, classicLoadBalancers: [String],
                                            targetGroups: [TargetGroupMembership], in scope: CloudScope,
                                            token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("deregisterFromLoadBalancers") {
            enum Registration: Sendable { case classic(String), target(TargetGroupMembership) }
            let client = await client(for: scope)
            let elb = ELBClient(client: client), elbv2 = ELBv2Client(client: client)
            let registrations = classicLoadBalancers.map(Registration.classic) + targetGroups.map(Registration.target)
            let outcomes = try await concurrently(registrations) { registration -> (requestIds: [String], alreadyGone: String?) in
                switch registration {
                case .classic(let name):
                    do {
                        return (try await elb.deregisterInstancesFromLoadBalancer(name: name, instanceIds: [instanceId]).requestIds, nil)
                    } catch let error as AWSClientError where error.kind == .service {
                        if error.code == "LoadBalancerNotFound" { return ([error.requestId].compactMap { $0 }, name) }
                        let current = try await elb.describeLoadBalancers(names: [name])
                        guard !current.items.contains(where: { $0.instanceIds.contains(instanceId) }) else { throw error }
                        return ([error.requestId].compactMap { $0 } + current.requestIds, name)
                    }
                case .target(let membership):
                    let arn = membership.targetGroupArn
                    do {
                        let target = ELBv2Target(id: instanceId, port: membership.port)
                        return ([try await elbv2.deregisterTargets(targetGroupArn: arn, targets: [target]).requestId], nil)
                    } catch let error as AWSClientError where error.kind == .service {
                        if error.code == "TargetGroupNotFound" { return ([error.requestId].compactMap { $0 }, arn) }
                        let current = try await elbv2.describeTargetHealth(targetGroupArn: arn)
                        guard !Self.registered(instanceId, in: current.items) else { throw error }
                        return ([error.requestId].compactMap { $0 } + current.requestIds, arn)
                    }
                }
            }
            let gone = outcomes.compactMap(\.alreadyGone)
            return CloudEffect(requestIds: outcomes.flatMap(\.requestIds),
                               outputs: gone.isEmpty ? [:] : ["alreadyDeregistered": gone.joined(separator: ",")])
        }
    }

    /// The instance (DescribeInstances) and its Auto Scaling group, classic load balancers and target groups, looked
    /// up concurrently; the instance-type target groups are then each asked for their targets concurrently.
    func memberships(of instanceId: String, client: AWSClient) async throws -> Memberships {
        enum Lookup: Sendable { case instance, autoScaling, classic, targetGroups, protection }
        let lookups: [Lookup] = [.instance, .autoScaling, .classic, .targetGroups, .protection]
        let parts = try await concurrently(lookups) { lookup -> Memberships in
            switch lookup {
            case .instance:
                let found = try await EC2Client(client: client).describeInstances(instanceIds: [instanceId])
                return Memberships(instance: found.items.first { $0.instanceId == instanceId }, requestIds: found.requestIds)
            case .autoScaling:
                let found = try await AutoScalingClient(client: client).describeAutoScalingInstances(instanceIds: [instanceId])
                return Memberships(autoScalingGroupName: Self.autoScalingGroup(of: instanceId, in: found.items),
                                   requestIds: found.requestIds)
            case .classic:
                let found = try await ELBClient(client: client).describeLoadBalancers()
                return Memberships(classicLoadBalancers: found.items.filter { $0.instanceIds.contains(instanceId) }.map(\.name),
                                   requestIds: found.requestIds)
            case .targetGroups:
                let elbv2 = ELBv2Client(client: client)
                let groups = try await elbv2.describeTargetGroups()
                // Only instance-type groups name instances as targets; an IP-type group's targets are addresses.
                let candidates = groups.items.filter { ($0.targetType ?? "instance") == "instance" }
                let healths = try await concurrently(candidates) { try await elbv2.describeTargetHealth(targetGroupArn: $0.targetGroupArn) }
                var memberships = Memberships(requestIds: groups.requestIds + healths.flatMap(\.requestIds))
                for (group, health) in zip(candidates, healths) {
                    for target in health.items where target.id == instanceId && Self.registered(instanceId, in: [target]) {
                        memberships.targetGroups.append(TargetGroupMembership(targetGroupArn: group.targetGroupArn, port: target.port))
                    }
                }
                return memberships
            case .protection:
                let found = try await EC2Client(client: client).describeProtection(instanceId: instanceId)
                return Memberships(protection: found, requestIds: found.requestIds)
            }
        }
        return Memberships(instance: parts[0].instance, autoScalingGroupName: parts[1].autoScalingGroupName,
                           classicLoadBalancers: parts[2].classicLoadBalancers, targetGroups: parts[3].targetGroups,
                           protection: parts[4].protection, requestIds: parts.flatMap(\.requestIds))
    }

    /// The group the instance is in, ignoring one it is leaving ("Detaching": the group no longer replaces or
    /// terminates it, EC2 Auto Scaling User Guide, "Detach instances").
    static func autoScalingGroup(of instanceId: String, in members: [AutoScalingInstance]) -> String? {
        members.first { $0.instanceId == instanceId && !["Detaching", "Detached"].contains($0.lifecycleState ?? "") }?
            .autoScalingGroupName
    }

    /// Whether a target group still sends the instance traffic: a "draining" target is deregistered and only
    /// finishing in-flight requests (ELB User Guide, "Deregistration delay").
    static func registered(_ instanceId: String, in targets: [ELBv2Target]) -> Bool {
        targets.contains { $0.id == instanceId && $0.state != "draining" }
    }
}
