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
    /// the API takes one attribute per call, EC2 API Reference "DescribeInstanceAttribute"). The three are sent at
    /// once, since they are independent reads on the capture and verification critical paths; request IDs stay in
    /// the order termination, stop, shutdown. An attribute AWS does not return stays nil.
    public func describeProtection(instanceId: String) async throws -> EC2InstanceAttributes {
        async let termination = attribute("disableApiTermination", of: instanceId)
        async let stop = attribute("disableApiStop", of: instanceId)
        async let shutdown = attribute("instanceInitiatedShutdownBehavior", of: instanceId)
        let answers = try await [termination, stop, shutdown]
        var attributes = EC2InstanceAttributes()
        attributes.disableApiTermination = answers[0].value.map { $0 == "true" }
        attributes.disableApiStop = answers[1].value.map { $0 == "true" }
        attributes.instanceInitiatedShutdownBehavior = answers[2].value
        attributes.requestIds = answers.map(\.requestId)
        return attributes
    }

    /// One DescribeInstanceAttribute call: the attribute's `value` element (named after the attribute) and the
    /// request ID.
    private func attribute(_ name: String, of instanceId: String) async throws -> (value: String?, requestId: String) {
        var parameters = QueryParameters()
        parameters.set("InstanceId", instanceId)
        parameters.set("Attribute", name)
        return try await client.send(AWSAction(
            service: .ec2, name: "DescribeInstanceAttribute", parameters: parameters, idempotent: true
        ) { result, requestId in (result.string(name, "value"), requestId) })
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
