import Domain
import FoundationEssentials

/// Reads one JSON object of a settings file member by member, naming the exact field (`tokens[2].role`)
/// in every error, and refusing members it does not know so a misspelt key is never silently ignored.
struct JSONObjectReader {
    /// Where this object sits in the document, e.g. `tokens[2]`; empty for the top level.
    let path: String
    private let members: [String: JSONValue]

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, path: String) throws(ConfigurationError) {
        guard case .object(let members) = value else {
            throw ConfigurationError(description: "\(path.isEmpty ? "the document" : path): must be a JSON object")
        }
        self.path = path
        self.members = members
    }

    /// Parses `data` as one JSON document (RFC 8259), naming `source` if it is not JSON.
    static func document(_ data: Data, source: String) throws(ConfigurationError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigurationError(description: "\(source): not valid JSON")
        }
    }

    /// The full name of member `key`, as errors print it.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Throws naming the first member (alphabetically, for stable messages) that is not in `known`.
    func rejectUnknown(_ known: Set<String>) throws(ConfigurationError) {
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(description: "\(name(unknown)): unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The raw member `key`, nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// The string member `key`, nil when absent; throws when it is another type or empty.
    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, !text.isEmpty else {
            throw ConfigurationError(description: "\(name(key)): must be a non-empty string")
        }
        return text
    }

    /// The string member `key`; throws when it is absent.
    func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try string(key) else { throw ConfigurationError(description: "\(name(key)): is required") }
        return text
    }

    /// The number member `key` within `range`, nil when absent.
    func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let text) = value, let number = Double(text), range.contains(number) else {
            throw ConfigurationError(description: "\(name(key)): must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The whole-number member `key` within `range`, nil when absent.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let text) = value, let number = Int(text), range.contains(number) else {
            throw ConfigurationError(description: "\(name(key)): must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The object member `key` as a reader, nil when absent.
    func object(_ key: String) throws(ConfigurationError) -> JSONObjectReader? {
        guard let value = value(key) else { return nil }
        return try JSONObjectReader(value, path: name(key))
    }
}
