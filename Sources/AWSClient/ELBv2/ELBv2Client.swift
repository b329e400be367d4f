/// The Elastic Load Balancing v2 actions containment needs (AWS Query protocol, API version 2015-12-01).
public struct ELBv2Client: Sendable {
    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the ELBv2 client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// DescribeTargetGroups, every page (`Marker` in, `NextMarker` out); all of them when no ARN or names are given.
    public func describeTargetGroups(targetGroupArns: [String] = [], names: [String] = [], loadBalancerArn: String? = nil)
        async throws -> AWSList<ELBv2TargetGroup> {
        var parameters = QueryParameters()
        parameters.set(list: "TargetGroupArns.member", targetGroupArns)
        parameters.set(list: "Names.member", names)
        parameters.set("LoadBalancerArn", loadBalancerArn)
        return try await client.sendAll { token in
            var page = parameters
            page.set("Marker", token)
            return AWSAction(service: .elasticLoadBalancingV2, name: "DescribeTargetGroups", parameters: page, idempotent: true) { result, requestId in
                AWSPage(items: try result.list("TargetGroups").map(ELBv2TargetGroup.init(xml:)),
                        nextToken: result.string("NextMarker"), requestId: requestId)
            }
        }
    }

    /// DescribeTargetHealth of a target group (not paginated): every target, or only the given ones.
    public func describeTargetHealth(targetGroupArn: String, targets: [ELBv2Target] = []) async throws -> AWSList<ELBv2Target> {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", targetGroupArn)
        ELBv2Target.encode(targets, into: &parameters)
        let action = AWSAction<AWSList<ELBv2Target>>(
            service: .elasticLoadBalancingV2, name: "DescribeTargetHealth", parameters: parameters, idempotent: true) { result, requestId in
            let targets = try result.list("TargetHealthDescriptions").map { item in
                ELBv2Target(id: try item.required("Target", "Id"), port: item.int("Target", "Port"),
                            state: item.string("TargetHealth", "State"))
            }
            return AWSList(items: targets, requestIds: [requestId])
        }
        return try await client.send(action)
    }

    /// DeregisterTargets (idempotent: a deregistered target stays deregistered).
    public func deregisterTargets(targetGroupArn: String, targets: [ELBv2Target]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", targetGroupArn)
        ELBv2Target.encode(targets, into: &parameters)
        return try await client.send(.acknowledged(.elasticLoadBalancingV2, "DeregisterTargets", parameters))
    }

    /// RegisterTargets (undo of a deregistration; idempotent).
    public func registerTargets(targetGroupArn: String, targets: [ELBv2Target]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", targetGroupArn)
        ELBv2Target.encode(targets, into: &parameters)
        return try await client.send(.acknowledged(.elasticLoadBalancingV2, "RegisterTargets", parameters))
    }
}
