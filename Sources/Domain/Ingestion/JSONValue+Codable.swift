import Foundation

/// Codable so a signal's raw event round-trips through the store with `JSONEncoder`/`JSONDecoder`.
extension JSONValue: Codable {
    /// Decodes any JSON value; a number keeps the text of the Int64, UInt64 or Double it decoded as.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) { // try? probes the type; the last branch throws
            self = .bool(flag)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(String(integer))
        } else if let unsigned = try? container.decode(UInt64.self) {
            self = .number(String(unsigned))
        } else if let double = try? container.decode(Double.self) {
            self = .number(String(double))
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value; a number is written from its text as an integer when it is one, else as a Double,
    /// else (beyond Double's range) as a Decimal, so integers such as nanosecond timestamps stay exact.
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
            } else if let unsigned = UInt64(text) {
                try container.encode(unsigned)
            } else if let double = Double(text), double.isFinite {
                try container.encode(double)
            } else {
                try container.encode(Decimal(string: text) ?? Decimal.nan)
            }
        }
    }
}
