extension EC2Client {
    /// DescribeAddresses (not paginated by AWS); filters such as `instance-id`, `public-ip`.
    public func describeAddresses(publicIps: [String] = [], allocationIds: [String] = [], filters: [EC2Filter] = [])
        async throws -> AWSList<EC2Address> {
        var parameters = QueryParameters()
        parameters.set(list: "PublicIp", publicIps)
        parameters.set(list: "AllocationId", allocationIds)
        parameters.set(filters: filters)
        let action = AWSAction<AWSList<EC2Address>>(
            service: .ec2, name: "DescribeAddresses", parameters: parameters, idempotent: true) { result, requestId in
            AWSList(items: try result.list("addressesSet").map(EC2Address.init(xml:)), requestIds: [requestId])
        }
        return try await client.send(action)
    }

    /// DisassociateAddress by association ID (idempotent in effect).
    public func disassociateAddress(associationId: String) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("AssociationId", associationId)
        return try await client.send(.acknowledged(.ec2, "DisassociateAddress", parameters))
    }
}
