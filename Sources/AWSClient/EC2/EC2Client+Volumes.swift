extension EC2Client {
    /// DescribeVolumes, every page (filters such as `attachment.instance-id`, `tag:…`).
    public func describeVolumes(volumeIds: [String] = [], filters: [EC2Filter] = []) async throws -> AWSList<EC2Volume> {
        var parameters = QueryParameters()
        parameters.set(list: "VolumeId", volumeIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeVolumes", parameters, token: token) { result in
                try result.list("volumeSet").map { try EC2Volume(xml: $0) }
            }
        }
    }

    /// CreateVolume (e.g. from an evidence snapshot) with a ClientToken, tagged with it too so a retry
    /// after a lost answer finds the volume even where the token is ignored (moto).
    public func createVolume(availabilityZone: String, snapshotId: String? = nil, size: Int? = nil, volumeType: String? = nil,
                             tags: [AWSTag] = [], token: String) async throws -> EC2Volume {
        var parameters = QueryParameters()
        parameters.set("AvailabilityZone", availabilityZone)
        parameters.set("SnapshotId", snapshotId)
        parameters.set("Size", size)
        parameters.set("VolumeType", volumeType)
        parameters.set("ClientToken", token)
        parameters.set(tagSpecification: tags + [AWSTag(key: Self.tokenTagKey, value: token)], resourceType: "volume")
        let action = AWSAction<EC2Volume>(
            service: .ec2, name: "CreateVolume", parameters: parameters, idempotent: true,
            recover: { client in
                let found = try await EC2Client(client: client).describeVolumes(filters: [Self.tokenFilter(token)])
                return found.items.first.map { volume in
                    var volume = volume
                    volume.requestId = found.requestIds.last
                    return volume
                }
            },
            decode: { result, requestId in try EC2Volume(xml: result, requestId: requestId) })
        return try await client.send(action)
    }

    /// AttachVolume to an instance at a device name; a repeat fails (VolumeInUse), never attaches twice.
    public func attachVolume(volumeId: String, instanceId: String, device: String) async throws -> EC2Volume.Attachment {
        var parameters = QueryParameters()
        parameters.set("VolumeId", volumeId)
        parameters.set("InstanceId", instanceId)
        parameters.set("Device", device)
        let action = AWSAction<EC2Volume.Attachment>(
            service: .ec2, name: "AttachVolume", parameters: parameters, idempotent: true) { result, requestId in
            EC2Volume.Attachment(instanceId: try result.required("instanceId"), device: result.string("device"),
                                 state: result.string("status"), deleteOnTermination: result.bool("deleteOnTermination"),
                                 requestId: requestId)
        }
        return try await client.send(action)
    }
}
