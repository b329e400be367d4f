import Domain

extension AWSCloudResponder {
    /// Finds the instance (by ID, or by an address of any of its interfaces), then describes it and, concurrently, its
    /// Auto Scaling group, classic load balancers and target groups. Every Describe is paginated.
    public func describeInstance(_ target: IncidentTarget, in scope: CloudScope) async throws -> InstanceDescription {
        try await mapped("describeInstance") {
            let client = await client(for: scope)
            let ec2 = EC2Client(client: client)
            var requestIds: [String] = []
            let instanceId: String
            switch target {
            case .instanceId(let id):
                instanceId = id
            case .ipAddress(let address):
                let found = try await instanceIds(withAddress: address, ec2: ec2)
                requestIds += found.requestIds
                instanceId = try Self.single(found.items, for: address)
            case .accessKeyId(let key):
                throw DomainError(.invalidInput, "describeInstance: \(key) is an access key, not an instance")
            }
            // The memberships and the protection attributes need only the ID, so they are asked alongside
            // DescribeInstances, not after it.
            let found: Memberships
            do {
                found = try await memberships(of: instanceId, client: client)
            } catch let error as AWSClientError where error.code.hasPrefix("InvalidInstanceID.") {
                // EC2 answers a made-up or malformed ID with an error, not an empty list: the target is not there.
                throw DomainError(.notFound, "describeInstance: no instance \(instanceId) in \(scope.region) (\(error.description))")
            }
            requestIds += found.requestIds
            guard let instance = found.instance, let attributes = found.protection else {
                throw DomainError(.notFound, "describeInstance: no instance \(instanceId) in \(scope.region)")
            }
            return InstanceDescription(
                instanceId: instance.instanceId, state: instance.state, availabilityZone: instance.availabilityZone ?? "",
                instanceType: instance.instanceType, imageId: instance.imageId,
                iamInstanceProfileArn: instance.iamInstanceProfileArn,
                tags: Dictionary(instance.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
                networkInterfaces: Self.interfaces(of: instance), volumes: instance.blockDevices.map {
                    VolumeState(volumeId: $0.volumeId, deviceName: $0.deviceName, deleteOnTermination: $0.deleteOnTermination)
                },
                autoScalingGroupName: found.autoScalingGroupName, classicLoadBalancers: found.classicLoadBalancers,
                targetGroups: found.targetGroups, terminationProtection: attributes.disableApiTermination,
                stopProtection: attributes.disableApiStop, shutdownBehavior: attributes.instanceInitiatedShutdownBehavior,
                requestIds: requestIds)
        }
    }

    /// Sets termination protection, stop protection and shutdown-to-stop: three independent ModifyInstanceAttribute
    /// calls (the API takes one attribute per call), each setting a state, so a repeat changes nothing.
    public func protectInstance(_ instanceId: String, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("protectInstance") {
            let ec2 = EC2Client(client: await client(for: scope))
            let changes: [EC2InstanceAttributeChange] = [
                .disableApiTermination(true), .disableApiStop(true), .instanceInitiatedShutdownBehavior("stop"),
            ]
            let answers = try await concurrently(changes) { try await ec2.modifyInstanceAttribute(instanceId: instanceId, $0) }
            return CloudEffect(requestIds: answers.map(\.requestId))
        }
    }

    /// CreateTags on the instance (tags are set, not appended, so a repeat is harmless).
    public func tagInstance(_ instanceId: String, tags: [String: String], in scope: CloudScope,
                            token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("tagInstance") {
            let answer = try await EC2Client(client: await client(for: scope)).createTags(resourceIds: [instanceId], tags: Self.awsTags(tags))
            return CloudEffect(requestIds: [answer.requestId])
        }
    }

    // MARK: Finding the instance

    /// The instances an address belongs to. IPv4: the interfaces with that private address, the instance with that
    /// primary public address and the Elastic IP with it, asked concurrently (EC2 filters within one call are
    /// ANDed). IPv6: the interfaces with that address.
    private func instanceIds(withAddress address: String, ec2: EC2Client) async throws -> AWSList<String> {
        enum Lookup: Sendable { case privateAddress, publicAddress, elasticAddress, ipv6Address }
        let lookups: [Lookup] = address.contains(":") ? [.ipv6Address] : [.privateAddress, .publicAddress, .elasticAddress]
        let found = try await concurrently(lookups) { lookup -> AWSList<String> in
            switch lookup {
            case .privateAddress, .ipv6Address:
                let filter = lookup == .privateAddress ? "addresses.private-ip-address" : "ipv6-addresses.ipv6-address"
                let interfaces = try await ec2.describeNetworkInterfaces(filters: [EC2Filter(name: filter, values: [address])])
                return AWSList(items: interfaces.items.compactMap(\.instanceId), requestIds: interfaces.requestIds)
            case .publicAddress:
                let instances = try await ec2.describeInstances(filters: [EC2Filter(name: "ip-address", values: [address])])
                return AWSList(items: instances.items.map(\.instanceId), requestIds: instances.requestIds)
            case .elasticAddress:
                let addresses = try await ec2.describeAddresses(filters: [EC2Filter(name: "public-ip", values: [address])])
                return AWSList(items: addresses.items.compactMap(\.instanceId), requestIds: addresses.requestIds)
            }
        }
        return AWSList(items: Array(Set(found.flatMap(\.items))).sorted(), requestIds: found.flatMap(\.requestIds))
    }

    /// The one instance an address names; private addresses repeat across VPCs, so several is an error, not a guess.
    private static func single(_ instanceIds: [String], for address: String) throws -> String {
        guard let first = instanceIds.first else {
            throw DomainError(.notFound, "describeInstance: no instance has the address \(address)")
        }
        guard instanceIds.count == 1 else {
            let all = instanceIds.joined(separator: ", ")
            throw DomainError(.conflict, "describeInstance: \(address) belongs to several instances (\(all)); name the instance ID")
        }
        return first
    }

    /// Every interface, primary first, with its own groups and addresses.
    private static func interfaces(of instance: EC2Instance) -> [NetworkInterfaceState] {
        instance.networkInterfaces.map { eni in
            NetworkInterfaceState(
                networkInterfaceId: eni.networkInterfaceId, vpcId: eni.vpcId ?? instance.vpcId ?? "",
                subnetId: eni.subnetId ?? instance.subnetId, deviceIndex: eni.deviceIndex ?? 0,
                securityGroupIds: eni.groups.map(\.groupId), privateIpAddresses: eni.privateIpAddresses,
                ipv6Addresses: eni.ipv6Addresses, publicIp: eni.publicIpAddresses.first)
        }
        .sorted { $0.deviceIndex < $1.deviceIndex }
    }

    /// EC2 tags from a dictionary, in key order so requests are reproducible.
    static func awsTags(_ tags: [String: String]) -> [AWSTag] {
        tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) }
    }
}
