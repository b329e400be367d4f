import FoundationEssentials

/// Codable so a signal's raw event round-trips through the store with `JSONEncoder`/`JSONDecoder`.
extension JSONValue: Codable {
    /// Decodes any JSON value; a number becomes the text of the Decimal (38 digits, so integers such as
    /// nanosecond timestamps stay exact) or, beyond Decimal's range, the Double it decoded as.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try Self.decode(Bool.self, from: container) {
            self = .bool(flag)
        } else if let text = try Self.decode(String.self, from: container) {
            self = .string(text)
        } else if let elements = try Self.decode([JSONValue].self, from: container) {
            self = .array(elements)
        } else if let members = try Self.decode([String: JSONValue].self, from: container) {
            self = .object(members)
        } else {
            self = .number(try Self.numberText(from: container))
        }
    }

    /// The value as `type`, or nil when the value is of another JSON type; any other decoding failure is
    /// thrown, not swallowed.
    private static func decode<T: Decodable>(_ type: T.Type, from container: any SingleValueDecodingContainer) throws -> T? {
        do {
            return try container.decode(type)
        } catch DecodingError.typeMismatch {
            return nil
        }
    }

    private static func numberText(from container: any SingleValueDecodingContainer) throws -> String {
        do {
            return try container.decode(Decimal.self).description
        } catch {
            // Beyond Decimal's range (about 1e165); Double is the one wider type, and its failure is thrown.
            return String(try container.decode(Double.self))
        }
    }

    /// Encodes the value. A number is written as an integer when it is one, else as a Decimal (exact to 38
    /// digits), else as a Double; a number beyond Double's range (e.g. `1e400`, which only hostile input
    /// carries) is written as its text in a string, so the event can still be stored.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        case .number(let text):
            if let integer = Int64(text) {
                try container.encode(integer)
            } else if let decimal = Decimal(string: text), decimal.isFinite, decimal.description.count <= 40 {
                try container.encode(decimal)
            } else if let double = Double(text), double.isFinite {
                try container.encode(double)
            } else {
                try container.encode(text)
            }
        }
    }
}
