import Domain
import FoundationEssentials

extension AWSCloudResponder {
    /// Snapshots every volume concurrently, each tagged with a token derived from the step's token and the volume.
    /// Snapshots an earlier call made are found by that tag first, so a repeat creates none.
    public func snapshotVolumes(_ volumes: [VolumeState], of instanceId: String, description: String, tags: [String: String],
                                in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("snapshotVolumes") {
            guard !volumes.isEmpty else { return CloudEffect() }
            let ec2 = EC2Client(client: await client(for: scope))
            let tokens = volumes.map { Self.itemToken(token, $0.volumeId) }
            let existing = try await ec2.describeSnapshots(filters: [EC2Filter(name: "tag:\(EC2Client.tokenTagKey)", values: tokens)])
            let found = Self.byToken(existing.items, id: \.snapshotId, tags: \.tags)
            let awsTags = Self.awsTags(tags)
            let made = try await concurrently(Array(zip(volumes.map(\.volumeId), tokens))) { volumeId, itemToken -> (String, String?) in
                if let snapshotId = found[itemToken] { return (snapshotId, nil) }
                let snapshot = try await ec2.createSnapshot(volumeId: volumeId, description: description, tags: awsTags, token: itemToken)
                return (snapshot.snapshotId, snapshot.requestId)
            }
            var outputs: [String: String] = [:]
            for (volume, snapshot) in zip(volumes, made) { outputs[volume.volumeId] = snapshot.0 }
            return CloudEffect(requestIds: existing.requestIds + made.compactMap(\.1), createdResourceIds: made.map(\.0),
                               outputs: outputs)
        }
    }

    /// DescribeSnapshots with a `snapshot-id` filter, which omits a missing ID instead of failing the whole call.
    public func describeSnapshots(_ snapshotIds: [String], in scope: CloudScope) async throws -> SnapshotInventory {
        try await mapped("describeSnapshots") {
            guard !snapshotIds.isEmpty else { return SnapshotInventory(states: [:]) }
            let ec2 = EC2Client(client: await client(for: scope))
            let found = try await ec2.describeSnapshots(filters: [EC2Filter(name: "snapshot-id", values: snapshotIds)])
            let states = Dictionary(found.items.map { ($0.snapshotId, $0.state ?? "unknown") }, uniquingKeysWith: { first, _ in first })
            return SnapshotInventory(states: states, requestIds: found.requestIds)
        }
    }

    /// Finds a workstation an earlier call launched with this token (any state but terminated); else RunInstances
    /// with the token as ClientToken and `cordon:token` tag.
    public func launchForensicWorkstation(_ spec: ForensicWorkstationSpec, tags: [String: String], in scope: CloudScope,
                                          token: IdempotencyToken) async throws -> ForensicWorkstation {
        try await mapped("launchForensicWorkstation") {
            let ec2 = EC2Client(client: await client(for: scope))
            let existing = try await ec2.describeInstances(filters: [
                EC2Filter(name: "tag:\(EC2Client.tokenTagKey)", values: [token.value]),
                EC2Filter(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"]),
            ])
            var requestIds = existing.requestIds
            var created: [String] = []
            let instance: EC2Instance
            if let found = existing.items.sorted(by: { $0.instanceId < $1.instanceId }).first {
                instance = found
            } else {
                let launched = try await ec2.runInstances(
                    imageId: spec.imageId, instanceType: spec.instanceType, subnetId: spec.subnetId,
                    securityGroupIds: spec.securityGroupIds, keyName: spec.keyName, tags: Self.awsTags(tags), token: token.value)
                requestIds += launched.requestIds
                guard let first = launched.items.first else {
                    throw DomainError(.cloudFailure, "launchForensicWorkstation: RunInstances returned no instance")
                }
                instance = first
                created = [first.instanceId]
            }
            let groups = instance.securityGroups.map(\.groupId)
            return ForensicWorkstation(
                instanceId: instance.instanceId, availabilityZone: instance.availabilityZone ?? "",
                securityGroupIds: groups.isEmpty ? spec.securityGroupIds : groups,
                effect: CloudEffect(requestIds: requestIds, createdResourceIds: created))
        }
    }

    /// Creates one volume per snapshot concurrently in the Availability Zone of `subnetId`, each with a ClientToken
    /// (and tag) derived from the step's token and the snapshot; volumes an earlier call made are found by that tag
    /// first. `outputs` maps each snapshot to its volume and `availabilityZone` to the zone.
    ///
    /// The subnet's zone (DescribeSubnets) and the earlier volumes (DescribeVolumes by tag) are independent reads,
    /// asked together: one round trip before the creates, not two. A subnet AWS does not list, or lists without a
    /// zone, is a cloud failure: volumes must not be created in a guessed zone.
    public func createVolumes(fromSnapshots snapshotIds: [String], inZoneOfSubnet subnetId: String, tags: [String: String],
                              in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("createVolumes") {
            guard !snapshotIds.isEmpty else { return CloudEffect() }
            let ec2 = EC2Client(client: await client(for: scope))
            let tokens = snapshotIds.map { Self.itemToken(token, $0) }
            enum Lookup: Sendable { case zone, earlier }
            let lookups = try await concurrently([Lookup.zone, .earlier]) { lookup -> (zone: String?, byToken: [String: String], requestIds: [String]) in
                switch lookup {
                case .zone:
                    let found = try await ec2.describeSubnets(subnetIds: [subnetId])
                    return (found.items.first { $0.subnetId == subnetId }?.availabilityZone, [:], found.requestIds)
                case .earlier:
                    let found = try await ec2.describeVolumes(filters: [EC2Filter(name: "tag:\(EC2Client.tokenTagKey)", values: tokens)])
                    return (nil, Self.byToken(found.items, id: \.volumeId, tags: \.tags), found.requestIds)
                }
            }
            guard let zone = lookups[0].zone, !zone.isEmpty else {
                throw DomainError(.cloudFailure, "DescribeSubnets gave no Availability Zone for the forensic subnet \(subnetId)")
            }
            let found = lookups[1].byToken
            let awsTags = Self.awsTags(tags)
            let made = try await concurrently(Array(zip(snapshotIds, tokens))) { snapshotId, itemToken -> (String, String?) in
                if let volumeId = found[itemToken] { return (volumeId, nil) }
                let volume = try await ec2.createVolume(availabilityZone: zone, snapshotId: snapshotId, tags: awsTags, token: itemToken)
                return (volume.volumeId, volume.requestId)
            }
            var outputs = ["availabilityZone": zone]
            for (snapshotId, volume) in zip(snapshotIds, made) { outputs[snapshotId] = volume.0 }
            return CloudEffect(requestIds: lookups.flatMap(\.requestIds) + made.compactMap(\.1), createdResourceIds: made.map(\.0),
                               outputs: outputs)
        }
    }

    /// Attaches every volume concurrently; a volume already attached to the workstation counts as done. Volumes
    /// that are not ready (a fresh volume is "creating", a fresh instance "pending", or either not visible yet) are
    /// attached once a poll sees them available and the workstation running.
    ///
    /// The attach comes first, not the poll: by the time this step runs the volumes and the workstation are
    /// usually ready, and AttachVolume refuses what is not (IncorrectState, IncorrectInstanceState, or NotFound
    /// under eventual consistency) without changing anything (EC2 API reference, AttachVolume and "Eventual
    /// consistency"), so the happy path costs one round trip instead of two.
    public func attachVolumes(_ attachments: [VolumeAttachment], to instanceId: String, in scope: CloudScope,
                              token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("attachVolumes") {
            guard !attachments.isEmpty else { return CloudEffect() }
            let client = await client(for: scope)
            let ec2 = EC2Client(client: client)
            let first = try await attach(attachments, to: instanceId, ec2: ec2)
            var requestIds = first.requestIds
            guard !first.notReady.isEmpty else { return CloudEffect(requestIds: requestIds) }
            for poll in 1...Self.settlePolls {
                try await client.configuration.sleep(Self.settleInterval)
                async let describedVolumes = ec2.describeVolumes(volumeIds: first.notReady.map(\.volumeId))
                async let describedInstance = ec2.describeInstances(instanceIds: [instanceId])
                let (found, instance) = try await (describedVolumes, describedInstance)
                requestIds += found.requestIds + instance.requestIds
                let volumes = Dictionary(found.items.map { ($0.volumeId, $0) }, uniquingKeysWith: { first, _ in first })
                let volumesReady = first.notReady.allSatisfy { attachment in
                    guard let volume = volumes[attachment.volumeId] else { return false }
                    return volume.state == "available" || volume.attachments.contains { $0.instanceId == instanceId }
                }
                if volumesReady, instance.items.first?.state == "running" { break }
                guard poll < Self.settlePolls else {
                    throw DomainError(.cloudTransient, "attachVolumes: volumes or \(instanceId) not ready after \(poll) checks")
                }
            }
            let second = try await attach(first.notReady, to: instanceId, ec2: ec2)
            requestIds += second.requestIds
            guard second.notReady.isEmpty else {
                let volumes = second.notReady.map(\.volumeId).joined(separator: ", ")
                throw DomainError(.cloudTransient, "attachVolumes: \(volumes) still refused as not ready")
            }
            return CloudEffect(requestIds: requestIds)
        }
    }

    /// AttachVolume for each attachment concurrently: the request IDs of every answer, and the attachments refused
    /// because the volume or the instance is not ready yet.
    private func attach(_ attachments: [VolumeAttachment], to instanceId: String, ec2: EC2Client) async throws
        -> (requestIds: [String], notReady: [VolumeAttachment]) {
        let outcomes = try await concurrently(attachments) { attachment -> (requestId: String?, ready: Bool) in
            do {
                return (try await ec2.attachVolume(volumeId: attachment.volumeId, instanceId: instanceId,
                                                   device: attachment.device).requestId, true)
            } catch let error as AWSClientError where Self.notReadyCodes.contains(error.code) {
                return (error.requestId, false)
            } catch let error as AWSClientError where error.code == "VolumeInUse" {
                // In use by this workstation is the goal (a concurrent or lost earlier attempt); by another, a failure.
                let current = try await ec2.describeVolumes(volumeIds: [attachment.volumeId])
                guard current.items.first?.attachments.contains(where: { $0.instanceId == instanceId }) == true else { throw error }
                return (error.requestId, true)
            }
        }
        return (outcomes.compactMap(\.requestId), zip(attachments, outcomes).filter { !$1.ready }.map(\.0))
    }

    /// AttachVolume's answers for a volume or instance that is not ready yet, or not yet visible (EC2 API reference,
    /// "Error codes"); each changes nothing.
    static let notReadyCodes: Set<String> = ["IncorrectState", "IncorrectInstanceState", "InvalidVolume.NotFound",
                                             "InvalidInstanceID.NotFound"]

    /// How many times `attachVolumes` checks fresh volumes and a pending workstation before giving up (3 minutes).
    static let settlePolls = 60
    /// The wait between two of those checks.
    static let settleInterval: Duration = .seconds(3)

    /// A token for one item of a step (a volume, a snapshot): the step's token and the item, within EC2's
    /// 64-character ClientToken limit (longer values keep a readable prefix and end in a SHA-256 prefix).
    static func itemToken(_ token: IdempotencyToken, _ item: String) -> String {
        let full = "\(token.value)/\(item)"
        guard full.utf8.count > 64 else { return full }
        return String(full.prefix(47)) + "-" + String(SHA256(full).hexDigest.prefix(16))
    }

    /// Resource IDs by their `cordon:token` tag value; the lowest ID wins if a tag was ever duplicated.
    private static func byToken<Resource>(_ resources: [Resource], id: KeyPath<Resource, String>,
                                          tags: KeyPath<Resource, [AWSTag]>) -> [String: String] {
        var found: [String: String] = [:]
        for resource in resources.sorted(by: { $0[keyPath: id] < $1[keyPath: id] }) {
            for tag in resource[keyPath: tags] where tag.key == EC2Client.tokenTagKey && found[tag.value] == nil {
                found[tag.value] = resource[keyPath: id]
            }
        }
        return found
    }
}
