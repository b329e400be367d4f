/// The classic Elastic Load Balancing actions containment needs (AWS Query protocol, API version 2012-06-01).
public struct ELBClient: Sendable {
    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the ELB client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// DescribeLoadBalancers, every page (`Marker` in, `NextMarker` out); all of them when `names` is empty.
    public func describeLoadBalancers(names: [String] = []) async throws -> AWSList<ClassicLoadBalancer> {
        var parameters = QueryParameters()
        parameters.set(list: "LoadBalancerNames.member", names)
        return try await client.sendAll { token in
            var page = parameters
            page.set("Marker", token)
            return AWSAction(service: .elasticLoadBalancing, name: "DescribeLoadBalancers", parameters: page, idempotent: true) { result, requestId in
                AWSPage(items: try result.list("LoadBalancerDescriptions").map(ClassicLoadBalancer.init(xml:)),
                        nextToken: result.string("NextMarker"), requestId: requestId)
            }
        }
    }

    /// DeregisterInstancesFromLoadBalancer; returns the instances still registered.
    public func deregisterInstancesFromLoadBalancer(name: String, instanceIds: [String]) async throws -> AWSList<String> {
        try await client.send(registration("DeregisterInstancesFromLoadBalancer", name: name, instanceIds: instanceIds))
    }

    /// RegisterInstancesWithLoadBalancer (undo of a deregistration); returns the instances now registered.
    public func registerInstancesWithLoadBalancer(name: String, instanceIds: [String]) async throws -> AWSList<String> {
        try await client.send(registration("RegisterInstancesWithLoadBalancer", name: name, instanceIds: instanceIds))
    }

    private func registration(_ action: String, name: String, instanceIds: [String]) -> AWSAction<AWSList<String>> {
        var parameters = QueryParameters()
        parameters.set("LoadBalancerName", name)
        parameters.set(list: "Instances.member", instanceIds) { parameters, instanceId, prefix in
            parameters.set("\(prefix).InstanceId", instanceId)
        }
        return AWSAction(service: .elasticLoadBalancing, name: action, parameters: parameters, idempotent: true) { result, requestId in
            AWSList(items: result.list("Instances").compactMap { $0.string("InstanceId") }, requestIds: [requestId])
        }
    }
}
