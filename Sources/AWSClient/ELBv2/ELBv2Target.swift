/// A target of a target group, with its health when described (DescribeTargetHealth).
public struct ELBv2Target: Sendable, Equatable {
    /// The instance ID or IP address.
    public var id: String
    /// The port, when not the group's default.
    public var port: Int?
    /// initial, healthy, unhealthy, unused, draining, unavailable (nil when not described).
    public var state: String?

    /// Creates a target.
    public init(id: String, port: Int? = nil, state: String? = nil) {
        self.id = id
        self.port = port
        self.state = state
    }

    /// Encodes targets as `Targets.member.N.Id` / `.Port`.
    static func encode(_ targets: [ELBv2Target], into parameters: inout QueryParameters) {
        parameters.set(list: "Targets.member", targets) { parameters, target, prefix in
            parameters.set("\(prefix).Id", target.id)
            parameters.set("\(prefix).Port", target.port)
        }
    }
}
