extension EC2Client {
    /// DescribeNetworkInterfaces, every page (filter `attachment.instance-id` for an instance's ENIs).
    public func describeNetworkInterfaces(networkInterfaceIds: [String] = [], filters: [EC2Filter] = [])
        async throws -> AWSList<EC2NetworkInterface> {
        var parameters = QueryParameters()
        parameters.set(list: "NetworkInterfaceId", networkInterfaceIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeNetworkInterfaces", parameters, token: token) { result in
                try result.list("networkInterfaceSet").map(EC2NetworkInterface.init(xml:))
            }
        }
    }

    /// ModifyNetworkInterfaceAttribute: replaces one ENI's security groups (`SecurityGroupId.N`).
    public func modifyNetworkInterfaceAttribute(networkInterfaceId: String, groupIds: [String]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("NetworkInterfaceId", networkInterfaceId)
        parameters.set(list: "SecurityGroupId", groupIds)
        return try await client.send(.acknowledged(.ec2, "ModifyNetworkInterfaceAttribute", parameters))
    }
}
