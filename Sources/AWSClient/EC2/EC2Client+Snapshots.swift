extension EC2Client {
    /// CreateSnapshot of one volume, tagged `cordon:token=<token>` at creation. CreateSnapshot has no
    /// ClientToken, so a retry after a lost answer first looks the snapshot up by that tag and never
    /// creates a second one.
    public func createSnapshot(volumeId: String, description: String, tags: [AWSTag] = [], token: String) async throws -> EC2Snapshot {
        var parameters = QueryParameters()
        parameters.set("VolumeId", volumeId)
        parameters.set("Description", description)
        parameters.set(tagSpecification: tags + [AWSTag(key: Self.tokenTagKey, value: token)], resourceType: "snapshot")
        let action = AWSAction<EC2Snapshot>(
            service: .ec2, name: "CreateSnapshot", parameters: parameters, idempotent: false,
            recover: { client in
                let found = try await EC2Client(client: client).describeSnapshots(filters: [Self.tokenFilter(token)])
                return found.items.first.map { snapshot in
                    var snapshot = snapshot
                    snapshot.requestId = found.requestIds.last
                    return snapshot
                }
            },
            decode: { result, requestId in try EC2Snapshot(xml: result, requestId: requestId) })
        return try await client.send(action)
    }

    /// CreateSnapshots: crash-consistent snapshots of every EBS volume of an instance, tagged with the token
    /// (and, with `copyTagsFromSource`, the volumes' tags). A retry after a lost answer looks them up by tag.
    public func createSnapshots(instanceId: String, description: String, tags: [AWSTag] = [], excludeBootVolume: Bool = false,
                                token: String) async throws -> AWSList<EC2Snapshot> {
        var parameters = QueryParameters()
        parameters.set("InstanceSpecification.InstanceId", instanceId)
        parameters.set("InstanceSpecification.ExcludeBootVolume", excludeBootVolume)
        parameters.set("Description", description)
        parameters.set(tagSpecification: tags + [AWSTag(key: Self.tokenTagKey, value: token)], resourceType: "snapshot")
        let action = AWSAction<AWSList<EC2Snapshot>>(
            service: .ec2, name: "CreateSnapshots", parameters: parameters, idempotent: false,
            recover: { client in
                let found = try await EC2Client(client: client).describeSnapshots(filters: [Self.tokenFilter(token)])
                return found.items.isEmpty ? nil : found
            },
            decode: { result, requestId in
                AWSList(items: try result.list("snapshotSet").map { try EC2Snapshot(xml: $0) }, requestIds: [requestId])
            })
        return try await client.send(action)
    }

    /// DescribeSnapshots, every page; `ownerIds` defaults to "self" so public snapshots are not listed.
    public func describeSnapshots(snapshotIds: [String] = [], ownerIds: [String] = ["self"], filters: [EC2Filter] = [])
        async throws -> AWSList<EC2Snapshot> {
        var parameters = QueryParameters()
        parameters.set(list: "SnapshotId", snapshotIds)
        parameters.set(list: "Owner", snapshotIds.isEmpty ? ownerIds : [])
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeSnapshots", parameters, token: token) { result in
                try result.list("snapshotSet").map { try EC2Snapshot(xml: $0) }
            }
        }
    }
}
