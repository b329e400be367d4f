extension EC2Client {
    /// DescribeSubnets, every page (EC2 API Reference, "DescribeSubnets").
    public func describeSubnets(subnetIds: [String] = [], filters: [EC2Filter] = []) async throws -> AWSList<EC2Subnet> {
        var parameters = QueryParameters()
        parameters.set(list: "SubnetId", subnetIds)
        parameters.set(filters: filters)
        return try await client.sendAll { token in
            describe("DescribeSubnets", parameters, token: token) { result in
                try result.list("subnetSet").map { try EC2Subnet(xml: $0) }
            }
        }
    }
}
