import FoundationEssentials

/// What an incident is about: one instance (by ID or by IP address) or one IAM access key.
///
/// JSON is an object with exactly one key: `{"instanceId": "i-..."}`, `{"ipAddress": "10.0.0.5"}`
/// or `{"accessKeyId": "AKIA..."}`.
public enum IncidentTarget: Sendable, Equatable, Hashable {
    /// An EC2 instance ID.
    case instanceId(String)
    /// A private or public IPv4/IPv6 address of an instance's network interface.
    case ipAddress(String)
    /// An IAM access key ID.
    case accessKeyId(String)

    /// The identifier as written, whichever kind it is.
    public var value: String {
        switch self {
        case .instanceId(let value), .ipAddress(let value), .accessKeyId(let value): value
        }
    }

    /// Whether the target is an EC2 instance (named by ID or IP).
    public var isInstance: Bool {
        if case .accessKeyId = self { return false }
        return true
    }
}

extension IncidentTarget: Codable {
    private enum CodingKeys: String, CodingKey {
        case instanceId, ipAddress, accessKeyId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let present = container.allKeys
        guard present.count == 1, let key = present.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a target has exactly one of instanceId, ipAddress, accessKeyId"))
        }
        let value = try container.decode(String.self, forKey: key)
        guard !value.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must not be empty")
        }
        switch key {
        case .instanceId: self = .instanceId(value)
        case .ipAddress: self = .ipAddress(value)
        case .accessKeyId: self = .accessKeyId(value)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .instanceId(let value): try container.encode(value, forKey: .instanceId)
        case .ipAddress(let value): try container.encode(value, forKey: .ipAddress)
        case .accessKeyId(let value): try container.encode(value, forKey: .accessKeyId)
        }
    }
}
