/// The ID of a resource a create made (or that a retry found it had made), with the request ID.
public struct AWSCreatedResource: Sendable, Equatable {
    /// The new resource's ID (sg-…, vol-…).
    public var id: String
    /// The request ID of the call that created or found it.
    public var requestId: String

    /// Creates the value.
    public init(id: String, requestId: String) {
        self.id = id
        self.requestId = requestId
    }
}
