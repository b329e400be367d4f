import Domain

extension AWSCloudResponder {
    /// The tag that marks Cordon's isolation groups and says which role each plays in its VPC.
    static let roleTagKey = "cordon:role"

    /// The two groups isolation needs in a VPC.
    enum IsolationRole: String, Sendable {
        /// No ingress (until forensic access is allowed) and no egress.
        case quarantine
        /// All traffic in and out, IPv4 and IPv6, so existing flows become untracked.
        case untracking
    }

    /// For each VPC concurrently: the configured quarantine group if it is in that VPC, else Cordon's tagged one,
    /// created when missing (egress revoked); and the untracking group, created when missing, with any missing
    /// all-traffic rule added. Groups are found by tag or by their per-VPC name, so a repeat creates nothing.
    ///
    /// The configured group and the tagged groups of every VPC and both roles are looked up together, in one
    /// DescribeSecurityGroups alongside the configured group's: values within one filter are ORed and filters are
    /// ANDed (EC2 API reference, DescribeSecurityGroups, "Filter"). A fresh untracking group gets the rules it lacks
    /// without a describe first, in two calls.
    public func ensureIsolationGroups(vpcIds: [String], in scope: CloudScope, token: IdempotencyToken) async throws -> IsolationGroups {
        try await mapped("ensureIsolationGroups") {
            guard !vpcIds.isEmpty else { return IsolationGroups(pairs: []) }
            let ec2 = EC2Client(client: await client(for: scope))
            // Described, not trusted: a mistyped ID fails here rather than at isolation time.
            async let configuredLookup = configuredQuarantineGroup(ec2)
            async let taggedLookup = ec2.describeSecurityGroups(filters: [
                EC2Filter(name: "vpc-id", values: vpcIds),
                EC2Filter(name: "tag:\(Self.roleTagKey)", values: [IsolationRole.quarantine.rawValue, IsolationRole.untracking.rawValue]),
            ])
            let (described, tagged) = try await (configuredLookup, taggedLookup)
            let configured = described?.items.first
            let work = vpcIds.flatMap { vpc in [(vpc, IsolationRole.quarantine), (vpc, IsolationRole.untracking)] }
            let ensured = try await concurrently(work) { vpc, role -> (id: String, created: Bool, requestIds: [String]) in
                if role == .quarantine, let group = configured, group.vpcId == vpc {
                    return (group.groupId, false, [])
                }
                let existing = tagged.items.filter { group in
                    group.vpcId == vpc && group.tags.contains { $0.key == Self.roleTagKey && $0.value == role.rawValue }
                }
                return try await ensureGroup(role, in: vpc, existing: existing.sorted { $0.groupId < $1.groupId }.first, ec2: ec2)
            }
            let pairs = vpcIds.enumerated().map { index, vpc in
                IsolationGroups.Pair(vpcId: vpc, quarantineGroupId: ensured[2 * index].id, untrackingGroupId: ensured[2 * index + 1].id)
            }
            let effect = CloudEffect(requestIds: (described?.requestIds ?? []) + tagged.requestIds + ensured.flatMap(\.requestIds),
                                     createdResourceIds: ensured.filter(\.created).map(\.id))
            return IsolationGroups(pairs: pairs, effect: effect)
        }
    }

    /// Per interface: its VPC's untracking group, then its quarantine group (two ModifyNetworkInterfaceAttribute
    /// calls), interfaces concurrently. Each interface's own flows become untracked before it is cut, and no
    /// interface waits wide open in the untracking group for the others. An interface already only in its
    /// quarantine group is left alone, so a repeat never reopens it.
    public func isolateNetworkInterfaces(_ interfaces: [NetworkInterfaceState], groups: IsolationGroups, in scope: CloudScope,
                                         token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("isolateNetworkInterfaces") {
            let plan = try interfaces.map { interface -> (eni: String, pair: IsolationGroups.Pair) in
                guard let pair = groups.pair(for: interface.vpcId) else {
                    throw DomainError(.conflict, "isolateNetworkInterfaces: no isolation groups for \(interface.vpcId) "
                                      + "of \(interface.networkInterfaceId)")
                }
                return (interface.networkInterfaceId, pair)
            }
            guard !plan.isEmpty else { return CloudEffect() }
            let ec2 = EC2Client(client: await client(for: scope))
            let current = try await ec2.describeNetworkInterfaces(networkInterfaceIds: plan.map(\.eni))
            let groupsNow = Dictionary(current.items.map { ($0.networkInterfaceId, $0.groups.map(\.groupId)) },
                                       uniquingKeysWith: { first, _ in first })
            let moved = try await concurrently(plan) { eni, pair -> [String] in
                guard groupsNow[eni] != [pair.quarantineGroupId] else { return [] }
                let untracked = try await ec2.modifyNetworkInterfaceAttribute(networkInterfaceId: eni, groupIds: [pair.untrackingGroupId])
                let quarantined = try await ec2.modifyNetworkInterfaceAttribute(networkInterfaceId: eni, groupIds: [pair.quarantineGroupId])
                return [untracked.requestId, quarantined.requestId]
            }
            let already = zip(plan, moved).filter { $1.isEmpty }.map(\.0.eni)
            return CloudEffect(requestIds: current.requestIds + moved.flatMap { $0 },
                               outputs: already.isEmpty ? [:] : ["alreadyIsolated": already.joined(separator: ",")])
        }
    }

    /// Allows all traffic from each workstation group into each quarantine group; a rule that already exists
    /// (InvalidPermission.Duplicate, a repeat after a lost answer) counts as done.
    public func authorizeForensicAccess(from workstationGroupIds: [String], into quarantineGroupIds: [String],
                                        in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("authorizeForensicAccess") {
            let ec2 = EC2Client(client: await client(for: scope))
            let rules = quarantineGroupIds.flatMap { quarantine in workstationGroupIds.map { (quarantine, $0) } }
            let requestIds = try await concurrently(rules) { quarantine, workstation in
                try await Self.allowingDuplicate {
                    try await ec2.authorizeSecurityGroupIngress(groupId: quarantine, permissions: [
                        EC2IpPermission(ipProtocol: "-1", groupIds: [workstation]),
                    ])
                }
            }
            return CloudEffect(requestIds: requestIds.compactMap { $0 })
        }
    }

    // MARK: Groups

    /// The configured quarantine group as described now, if one is configured.
    private func configuredQuarantineGroup(_ ec2: EC2Client) async throws -> AWSList<EC2SecurityGroup>? {
        guard let groupId = configuration.quarantineSecurityGroupId else { return nil }
        return try await ec2.describeSecurityGroups(groupIds: [groupId])
    }

    /// Brings the VPC's group of this role (`existing`, found by tag) to what the role needs, creating it when there
    /// is none. Two incidents racing to create it meet at the name, which is unique per VPC.
    private func ensureGroup(_ role: IsolationRole, in vpc: String, existing: EC2SecurityGroup?, ec2: EC2Client) async throws
        -> (id: String, created: Bool, requestIds: [String]) {
        if let group = existing {
            let enforced = try await enforceRules(role, on: group, ec2: ec2)
            return (group.groupId, false, enforced)
        }
        var requestIds: [String] = []
        let name = "cordon-\(role.rawValue)-\(vpc)"
        do {
            let made = try await ec2.createSecurityGroup(
                groupName: name, description: Self.groupDescription(role), vpcId: vpc,
                tags: [AWSTag(key: Self.roleTagKey, value: role.rawValue), AWSTag(key: "cordon:managed", value: "true")])
            requestIds.append(made.requestId)
            switch role {
            case .untracking:
                // A group just made has no inbound rule and all traffic out to 0.0.0.0/0, plus ::/0 when the VPC has
                // IPv6 (VPC User Guide, "Security group rules"): both inbound ranges go in one rule (nothing there
                // to duplicate), and only ::/0 is added outbound; Duplicate, when the VPC's default had it, is done.
                let added = try await authorize(Self.freshUntrackingRules, on: made.id, ec2: ec2)
                return (made.id, true, requestIds + added)
            case .quarantine:
                // A group just made has only EC2's defaults: no inbound rule and all traffic out to 0.0.0.0/0, plus
                // ::/0 when the VPC has IPv6 (VPC User Guide, "Security group rules"). Both are revoked without a
                // describe first; one that is not there answers NotFound, which is the goal.
                let revoked = try await revokeEgress(Self.untrackingRules.filter { $0.0 == .egress }.map(\.1), from: made.id, ec2: ec2)
                return (made.id, true, requestIds + revoked)
            }
        } catch let error as AWSClientError where error.code == "InvalidGroup.Duplicate" {
            requestIds += [error.requestId].compactMap { $0 }
            return try await enforceRulesOfCreated(role, named: name, in: vpc, requestIds: requestIds, ec2: ec2)
        }
    }

    /// Describes a group another incident just created (CreateSecurityGroup answered Duplicate) by its name, for
    /// the rules it has, and brings them to what the role needs.
    private func enforceRulesOfCreated(_ role: IsolationRole, named name: String, in vpc: String,
                                       requestIds: [String], ec2: EC2Client) async throws
        -> (id: String, created: Bool, requestIds: [String]) {
        let named = try await ec2.describeSecurityGroups(filters: [
            EC2Filter(name: "vpc-id", values: [vpc]), EC2Filter(name: "group-name", values: [name]),
        ])
        guard let group = named.items.first else {
            throw DomainError(.cloudTransient, "ensureIsolationGroups: the \(role.rawValue) group of \(vpc) is not visible yet")
        }
        let enforced = try await enforceRules(role, on: group, ec2: ec2)
        return (group.groupId, false, requestIds + named.requestIds + enforced)
    }

    /// Which way a security group rule points.
    enum RuleDirection: Sendable { case ingress, egress }

    /// The untracking group's rules: all traffic in and out, IPv4 and IPv6.
    static let untrackingRules: [(RuleDirection, EC2IpPermission)] = [
        (.ingress, EC2IpPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"])),
        (.ingress, EC2IpPermission(ipProtocol: "-1", ipv6Ranges: ["::/0"])),
        (.egress, EC2IpPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"])),
        (.egress, EC2IpPermission(ipProtocol: "-1", ipv6Ranges: ["::/0"])),
    ]

    /// What a freshly created untracking group lacks of `untrackingRules`, in two calls instead of four.
    static let freshUntrackingRules: [(RuleDirection, EC2IpPermission)] = [
        (.ingress, EC2IpPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"], ipv6Ranges: ["::/0"])),
        (.egress, EC2IpPermission(ipProtocol: "-1", ipv6Ranges: ["::/0"])),
    ]

    /// Quarantine: revokes every egress rule. Untracking: adds whichever all-traffic rule (in, out, IPv4, IPv6) is
    /// missing.
    private func enforceRules(_ role: IsolationRole, on group: EC2SecurityGroup, ec2: EC2Client) async throws -> [String] {
        switch role {
        case .quarantine:
            guard !group.egress.isEmpty else { return [] }
            return [try await ec2.revokeSecurityGroupEgress(groupId: group.groupId, permissions: group.egress).requestId]
        case .untracking:
            let missing = Self.untrackingRules.filter { direction, rule in
                let present = direction == .ingress ? group.ingress : group.egress
                return !present.contains { $0.ipProtocol == "-1" && Set(rule.ipv4Ranges + rule.ipv6Ranges)
                    .isSubset(of: $0.ipv4Ranges + $0.ipv6Ranges) }
            }
            return try await authorize(missing, on: group.groupId, ec2: ec2)
        }
    }

    /// Adds the rules concurrently, one rule per call so a duplicate fails alone (and counts as done).
    private func authorize(_ rules: [(RuleDirection, EC2IpPermission)], on groupId: String, ec2: EC2Client) async throws -> [String] {
        let requestIds = try await concurrently(rules) { direction, rule in
            try await Self.allowingDuplicate {
                direction == .ingress
                    ? try await ec2.authorizeSecurityGroupIngress(groupId: groupId, permissions: [rule])
                    : try await ec2.authorizeSecurityGroupEgress(groupId: groupId, permissions: [rule])
            }
        }
        return requestIds.compactMap { $0 }
    }

    /// Revokes each egress rule concurrently; `InvalidPermission.NotFound` (a rule that is not there) counts as
    /// done. Returns the request IDs of whichever answers came.
    private func revokeEgress(_ rules: [EC2IpPermission], from groupId: String, ec2: EC2Client) async throws -> [String] {
        let requestIds = try await concurrently(rules) { rule -> String? in
            do {
                return try await ec2.revokeSecurityGroupEgress(groupId: groupId, permissions: [rule]).requestId
            } catch let error as AWSClientError where error.code == "InvalidPermission.NotFound" {
                return error.requestId
            }
        }
        return requestIds.compactMap { $0 }
    }

    /// Runs an Authorize call; an `InvalidPermission.Duplicate` answer means the rule is there, which is the goal.
    /// Returns the request ID of whichever answer came.
    private static func allowingDuplicate(_ call: () async throws -> AWSAcknowledgement) async throws -> String? {
        do {
            return try await call().requestId
        } catch let error as AWSClientError where error.code == "InvalidPermission.Duplicate" {
            return error.requestId
        }
    }

    private static func groupDescription(_ role: IsolationRole) -> String {
        switch role {
        case .quarantine: "Cordon quarantine: no traffic except from forensic workstations"
        case .untracking: "Cordon isolation step: all traffic, so existing flows become untracked before quarantine"
        }
    }
}
