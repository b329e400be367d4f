/// The one resource an incident is about.
public enum TargetResource: Sendable, Equatable, Hashable {
    /// An EC2 instance, by ID.
    case instance(String)
    /// An IPv4 or IPv6 address (to be resolved to an instance).
    case ipAddress(String)
    /// An IAM access key, by ID.
    case accessKey(String)

    /// Makes the target of `kind` with `id`.
    init(kind: ResourceKind, id: String) {
        switch kind {
        case .instance: self = .instance(id)
        case .accessKey: self = .accessKey(id)
        case .ipAddress: self = .ipAddress(id)
        }
    }

    /// The resource's kind.
    public var kind: ResourceKind {
        switch self {
        case .instance: return .instance
        case .ipAddress: return .ipAddress
        case .accessKey: return .accessKey
        }
    }

    /// The resource's ID or address.
    public var id: String {
        switch self {
        case .instance(let id), .ipAddress(let id), .accessKey(let id): return id
        }
    }
}

/// Codable as `{"kind": "instance", "id": "i-..."}`.
extension TargetResource: Codable {
    private enum CodingKeys: String, CodingKey { case kind, id }

    /// Decodes `{"kind", "id"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(ResourceKind.self, forKey: .kind), id: try container.decode(String.self, forKey: .id))
    }

    /// Encodes `{"kind", "id"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(id, forKey: .id)
    }
}
