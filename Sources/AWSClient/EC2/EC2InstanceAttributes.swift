/// The protection attributes of an instance (DescribeInstanceAttribute, one attribute per call).
public struct EC2InstanceAttributes: Sendable, Equatable {
    /// DisableApiTermination.
    public var disableApiTermination: Bool?
    /// DisableApiStop.
    public var disableApiStop: Bool?
    /// InstanceInitiatedShutdownBehavior ("stop" or "terminate").
    public var instanceInitiatedShutdownBehavior: String?
    /// The request IDs of the calls.
    public var requestIds: [String]

    /// Creates attributes.
    public init(disableApiTermination: Bool? = nil, disableApiStop: Bool? = nil,
                instanceInitiatedShutdownBehavior: String? = nil, requestIds: [String] = []) {
        self.disableApiTermination = disableApiTermination
        self.disableApiStop = disableApiStop
        self.instanceInitiatedShutdownBehavior = instanceInitiatedShutdownBehavior
        self.requestIds = requestIds
    }
}
