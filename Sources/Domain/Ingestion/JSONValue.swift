import FoundationEssentials

/// A JSON value kept as received: numbers stay as their source text so nothing is rounded on the way to disk.
public enum JSONValue: Sendable, Equatable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its source text (RFC 8259 section 6 grammar); after a Codable round trip, the same value
    /// in Decimal or Double text (`1E5` comes back as `100000`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; RFC 8259 section 4 leaves member order without meaning, so it is not kept.
    case object([String: JSONValue])

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string when this is a string.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members when this is an object.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The number as a Double, also from a numeric string (sources disagree: GuardDuty `severity`, Splunk fields).
    public var doubleValue: Double? {
        switch self {
        case .number(let text), .string(let text): return Double(text)
        default: return nil
        }
    }

    /// A short name of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The member named `name`, also under its PascalCase or all-lowercase spelling.
    ///
    /// GuardDuty's EventBridge events are camelCase and its GetFindings output PascalCase; some SIEM exports
    /// lowercase every CloudTrail key. One lookup serves all three.
    func field(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let value = members[name] { return value }
        if let first = name.first, first.isLowercase {
            if let value = members[first.uppercased() + name.dropFirst()] { return value }
        }
        return members[name.lowercased()]
    }

    /// The member at a path of two `field` lookups (not variadic: this runs per record on the hot path).
    func field(_ first: String, _ second: String) -> JSONValue? {
        field(first)?.field(second)
    }

    /// The string or number at `name`, as text; empty strings count as absent.
    func text(_ name: String) -> String? {
        switch field(name) {
        case .string(let text) where !text.isEmpty: return text
        case .number(let text): return text
        default: return nil
        }
    }

    /// The string or number at a path of two members, as text.
    func text(_ first: String, _ second: String) -> String? {
        field(first)?.text(second)
    }

    /// The string or number at a path of three members, as text.
    func text(_ first: String, _ second: String, _ third: String) -> String? {
        field(first)?.field(second)?.text(third)
    }
}
