import FoundationEssentials

/// What a changing cloud call did: the request IDs it caused, the resources it created, small named outputs.
public struct CloudEffect: Codable, Sendable, Equatable {
    /// AWS request IDs, one per call made (including pages and retries that reached AWS).
    public var requestIds: [String]
    /// IDs of resources created, in the order the method documents.
    public var createdResourceIds: [String]
    /// Small named results, e.g. the previous value of an attribute.
    public var outputs: [String: String]

    /// Creates an effect.
    public init(requestIds: [String] = [], createdResourceIds: [String] = [], outputs: [String: String] = [:]) {
        self.requestIds = requestIds
        self.createdResourceIds = createdResourceIds
        self.outputs = outputs
    }
}
