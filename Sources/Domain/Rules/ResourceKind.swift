/// A kind of resource a rule can require a signal to name.
public enum ResourceKind: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// An EC2 instance ID.
    case instance
    /// An IAM access key ID.
    case accessKey
    /// An IPv4 or IPv6 address.
    case ipAddress

    /// True when `resources` names at least one resource of this kind.
    func isPresent(in resources: SignalResources) -> Bool {
        !ids(in: resources).isEmpty
    }

    /// The resources of this kind, in signal order.
    func ids(in resources: SignalResources) -> [String] {
        switch self {
        case .instance: return resources.instanceIDs
        case .accessKey: return resources.accessKeyIDs
        case .ipAddress: return resources.ipAddresses
        }
    }
}
