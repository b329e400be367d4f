extension EC2Client {
    /// DescribeSecurityGroups, every page (filters such as `vpc-id`, `group-name`, `tag:…`).
    public func describeSecurityGroups(groupIds: [String] = [], filters: [EC2Filter] = []) async throws -> AWSList<EC2SecurityGroup> {
        var parameters = QueryParameters()
        parameters.set(list: "GroupId", groupIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeSecurityGroups", parameters, token: token) { result in
                try result.list("securityGroupInfo").map(EC2SecurityGroup.init(xml:))
            }
        }
    }

    /// CreateSecurityGroup in a VPC, tagged at creation. It has no ClientToken, but (name, VPC) is unique,
    /// so a retry after a lost answer first looks the group up by name instead of failing as a duplicate.
    public func createSecurityGroup(groupName: String, description: String, vpcId: String, tags: [AWSTag] = [])
        async throws -> AWSCreatedResource {
        var parameters = QueryParameters()
        parameters.set("GroupName", groupName)
        parameters.set("GroupDescription", description)
        parameters.set("VpcId", vpcId)
        parameters.set(tagSpecification: tags, resourceType: "security-group")
        let action = AWSAction<AWSCreatedResource>(
            service: .ec2, name: "CreateSecurityGroup", parameters: parameters, idempotent: false,
            recover: { client in
                let found = try await EC2Client(client: client).describeSecurityGroups(filters: [
                    EC2Filter(name: "group-name", values: [groupName]), EC2Filter(name: "vpc-id", values: [vpcId]),
                ])
                return found.items.first.map { AWSCreatedResource(id: $0.groupId, requestId: found.requestIds.last ?? "") }
            },
            decode: { result, requestId in AWSCreatedResource(id: try result.required("groupId"), requestId: requestId) })
        return try await client.send(action)
    }

    /// AuthorizeSecurityGroupIngress (a repeat fails with InvalidPermission.Duplicate, never adds twice).
    public func authorizeSecurityGroupIngress(groupId: String, permissions: [EC2IpPermission]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("GroupId", groupId)
        EC2IpPermission.encode(permissions, into: &parameters)
        return try await client.send(.acknowledged(.ec2, "AuthorizeSecurityGroupIngress", parameters))
    }

    /// AuthorizeSecurityGroupEgress (a repeat fails with InvalidPermission.Duplicate, never adds twice).
    public func authorizeSecurityGroupEgress(groupId: String, permissions: [EC2IpPermission]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("GroupId", groupId)
        EC2IpPermission.encode(permissions, into: &parameters)
        return try await client.send(.acknowledged(.ec2, "AuthorizeSecurityGroupEgress", parameters))
    }

    /// RevokeSecurityGroupEgress (idempotent in effect: a revoked rule stays revoked).
    public func revokeSecurityGroupEgress(groupId: String, permissions: [EC2IpPermission]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("GroupId", groupId)
        EC2IpPermission.encode(permissions, into: &parameters)
        return try await client.send(.acknowledged(.ec2, "RevokeSecurityGroupEgress", parameters))
    }
}
