/// One EC2 Describe* filter: a name (e.g. "instance-id", "tag:cordon:token") and the values it matches.
public struct EC2Filter: Sendable, Equatable {
    /// The filter name as the EC2 API reference spells it.
    public var name: String
    /// The values; a resource matches if it matches any of them.
    public var values: [String]

    /// Creates a filter.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
