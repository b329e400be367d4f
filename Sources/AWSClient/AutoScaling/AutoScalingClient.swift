/// The Auto Scaling actions containment needs (AWS Query protocol, API version 2011-01-01).
public struct AutoScalingClient: Sendable {
    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the Auto Scaling client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// DescribeAutoScalingInstances, every page: which group each instance is in.
    public func describeAutoScalingInstances(instanceIds: [String]) async throws -> AWSList<AutoScalingInstance> {
        var parameters = QueryParameters()
        parameters.set(list: "InstanceIds.member", instanceIds)
        return try await client.sendAll { token in
            var page = parameters
            page.set("NextToken", token)
            return AWSAction(service: .autoScaling, name: "DescribeAutoScalingInstances", parameters: page, idempotent: true) { result, requestId in
                AWSPage(items: try result.list("AutoScalingInstances").map(AutoScalingInstance.init(xml:)),
                        nextToken: result.string("NextToken"), requestId: requestId)
            }
        }
    }

    /// DetachInstances from a group; with `shouldDecrementDesiredCapacity` false the group launches a
    /// replacement. A repeat fails (not in the group), never detaches twice. Returns the activity IDs.
    public func detachInstances(autoScalingGroupName: String, instanceIds: [String], shouldDecrementDesiredCapacity: Bool)
        async throws -> AWSList<String> {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", autoScalingGroupName)
        parameters.set(list: "InstanceIds.member", instanceIds)
        parameters.set("ShouldDecrementDesiredCapacity", shouldDecrementDesiredCapacity)
        let action = AWSAction<AWSList<String>>(
            service: .autoScaling, name: "DetachInstances", parameters: parameters, idempotent: true) { result, requestId in
            AWSList(items: result.list("Activities").compactMap { $0.string("ActivityId") }, requestIds: [requestId])
        }
        return try await client.send(action)
    }

    /// AttachInstances back to a group (undo of a detach).
    public func attachInstances(autoScalingGroupName: String, instanceIds: [String]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", autoScalingGroupName)
        parameters.set(list: "InstanceIds.member", instanceIds)
        return try await client.send(.acknowledged(.autoScaling, "AttachInstances", parameters))
    }
}
