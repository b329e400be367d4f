extension EC2Client {
    /// DescribeInstances, every page: by instance IDs and/or filters (e.g. `instance-id`, `ip-address`,
    /// `private-ip-address`, `network-interface.addresses.private-ip-address`, `tag:…`).
    public func describeInstances(instanceIds: [String] = [], filters: [EC2Filter] = []) async throws -> AWSList<EC2Instance> {
        var parameters = QueryParameters()
        parameters.set(list: "InstanceId", instanceIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeInstances", parameters, token: token) { result in
                try result.list("reservationSet").flatMap(EC2Instance.reservation)
            }
        }
    }

    /// ModifyInstanceAttribute: one attribute change (idempotent: it sets a state).
    public func modifyInstanceAttribute(instanceId: String, _ change: EC2InstanceAttributeChange) async throws -> AWSAcknowledgement {
        var parameters = change.parameters
        parameters.set("InstanceId", instanceId)
        return try await client.send(.acknowledged(.ec2, "ModifyInstanceAttribute", parameters))
    }

    /// RunInstances with a ClientToken and a `cordon:token` tag: AWS deduplicates by the token, and a retry
    /// after a lost answer first looks for instances with the tag (moto ignores ClientToken).
    public func runInstances(imageId: String, instanceType: String, subnetId: String? = nil, securityGroupIds: [String] = [],
                             iamInstanceProfileArn: String? = nil, keyName: String? = nil, tags: [AWSTag] = [],
                             token: String) async throws -> AWSList<EC2Instance> {
        var parameters = QueryParameters()
        parameters.set("ImageId", imageId)
        parameters.set("InstanceType", instanceType)
        parameters.set("MinCount", 1)
        parameters.set("MaxCount", 1)
        parameters.set("SubnetId", subnetId)
        parameters.set(list: "SecurityGroupId", securityGroupIds)
        parameters.set("IamInstanceProfile.Arn", iamInstanceProfileArn)
        parameters.set("KeyName", keyName)
        parameters.set("ClientToken", token)
        let allTags = tags + [AWSTag(key: Self.tokenTagKey, value: token)]
        parameters.set(tagSpecification: allTags, resourceType: "instance", index: 1)
        parameters.set(tagSpecification: allTags, resourceType: "volume", index: 2)
        let action = AWSAction<AWSList<EC2Instance>>(
            service: .ec2, name: "RunInstances", parameters: parameters, idempotent: true,
            recover: { client in
                let found = try await EC2Client(client: client).describeInstances(filters: [
                    Self.tokenFilter(token),
                    EC2Filter(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"]),
                ])
                return found.items.isEmpty ? nil : found
            },
            decode: { result, requestId in
                AWSList(items: try EC2Instance.reservation(result), requestIds: [requestId])
            })
        return try await client.send(action)
    }

    /// CreateTags on any EC2 resources (idempotent: tags are set, not appended).
    public func createTags(resourceIds: [String], tags: [AWSTag]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set(list: "ResourceId", resourceIds)
        parameters.set(list: "Tag", tags) { parameters, tag, prefix in
            parameters.set("\(prefix).Key", tag.key)
            parameters.set("\(prefix).Value", tag.value)
        }
        return try await client.send(.acknowledged(.ec2, "CreateTags", parameters))
    }

    /// DescribeIamInstanceProfileAssociations, every page (filter `instance-id` to find an instance's role).
    public func describeIamInstanceProfileAssociations(associationIds: [String] = [], filters: [EC2Filter] = [])
        async throws -> AWSList<EC2IamInstanceProfileAssociation> {
        var parameters = QueryParameters()
        parameters.set(list: "AssociationId", associationIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeIamInstanceProfileAssociations", parameters, token: token) { result in
                try result.list("iamInstanceProfileAssociationSet").map(EC2IamInstanceProfileAssociation.init(xml:))
            }
        }
    }
}
