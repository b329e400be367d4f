extension EC2Client {
    /// The outcome of a `DryRun=true` call.
    public struct DryRunAnswer: Sendable, Equatable {
        /// True for `DryRunOperation` (the call would have succeeded).
        public var allowed: Bool
        /// The error code AWS answered with.
        public var code: String
        /// The request ID, when AWS gave one.
        public var requestId: String?
    }

    /// DescribeInstanceAttribute for termination protection, stop protection and shutdown behaviour (three calls:
    /// the API takes one attribute per call). An attribute AWS does not return stays nil.
    public func describeProtection(instanceId: String) async throws -> EC2InstanceAttributes {
        var attributes = EC2InstanceAttributes()
        for (attribute, element) in [("disableApiTermination", "disableApiTermination"), ("disableApiStop", "disableApiStop"),
                                     ("instanceInitiatedShutdownBehavior", "instanceInitiatedShutdownBehavior")] {
            var parameters = QueryParameters()
            parameters.set("InstanceId", instanceId)
            parameters.set("Attribute", attribute)
            let (value, requestId) = try await client.send(AWSAction(
                service: .ec2, name: "DescribeInstanceAttribute", parameters: parameters, idempotent: true
            ) { result, requestId in (result.string(element, "value"), requestId) })
            attributes.requestIds.append(requestId)
            switch attribute {
            case "disableApiTermination": attributes.disableApiTermination = value.map { $0 == "true" }
            case "disableApiStop": attributes.disableApiStop = value.map { $0 == "true" }
            default: attributes.instanceInitiatedShutdownBehavior = value
            }
        }
        return attributes
    }

    /// Sends `action` with `DryRun=true`: `DryRunOperation` means allowed, `UnauthorizedOperation` means not
    /// (EC2 API Reference, "Common query parameters": DryRun); any other error is thrown. A call that succeeds
    /// was not dry-run (an endpoint that ignores DryRun) and is reported as such, so callers pass parameters
    /// that change nothing when applied.
    public func dryRun(_ action: String, _ parameters: QueryParameters) async throws -> DryRunAnswer {
        var parameters = parameters
        parameters.set("DryRun", true)
        do {
            let answer = try await client.send(.acknowledged(.ec2, action, parameters))
            return DryRunAnswer(allowed: true, code: "NotDryRun", requestId: answer.requestId)
        } catch let error as AWSClientError where error.kind == .service
            && (error.code == "DryRunOperation" || error.code == "UnauthorizedOperation") {
            return DryRunAnswer(allowed: error.code == "DryRunOperation", code: error.code, requestId: error.requestId)
        }
    }
}
