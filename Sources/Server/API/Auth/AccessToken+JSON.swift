import AWSClient
import Domain
import FoundationEssentials
import Platform

extension AccessToken {
    /// The members a token entry may have.
    private static let fields: Set<String> = ["name", "role", "sha256", "rateLimit"]

    /// Parses a tokens file: a JSON array of `{"name", "role", "sha256", "rateLimit": {"perSecond", "burst"}}`.
    /// Errors name the file and the field, e.g. `tokens.json: [2].role: ...`.
    static func list(from data: Data, source: String) throws(ConfigurationError) -> [AccessToken] {
        guard case .array(let entries) = try JSONObjectReader.document(data, source: source) else {
            throw ConfigurationError(description: "\(source): must be a JSON array of tokens")
        }
        var tokens: [AccessToken] = []
        for (index, entry) in entries.enumerated() {
            do throws(ConfigurationError) {
                let token = try AccessToken(entry: JSONObjectReader(entry, path: "[\(index)]"))
                if tokens.contains(where: { $0.name == token.name }) {
                    throw ConfigurationError(description: "[\(index)].name: '\(token.name)' is already used by another token")
                }
                if tokens.contains(where: { $0.digest == token.digest }) {
                    throw ConfigurationError(description: "[\(index)].sha256: the same secret is already another token's")
                }
                tokens.append(token)
            } catch {
                throw ConfigurationError(description: "\(source): \(error.description)")
            }
        }
        return tokens
    }

    private init(entry: JSONObjectReader) throws(ConfigurationError) {
        try entry.rejectUnknown(Self.fields)
        name = try entry.requiredString("name")
        let roleName = try entry.requiredString("role")
        guard let role = Role(rawValue: roleName) else {
            throw ConfigurationError(description: "\(entry.name("role")): '\(roleName)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.role = role
        let hex = try entry.requiredString("sha256")
        guard let digest = Self.digest(hex: hex) else {
            throw ConfigurationError(description: "\(entry.name("sha256")): must be 64 hex characters (the SHA-256 of the token, e.g. from `printf %s TOKEN | sha256sum`)")
        }
        self.digest = digest
        if let limit = try entry.object("rateLimit") {
            try limit.rejectUnknown(["perSecond", "burst"])
            guard let perSecond = try limit.number("perSecond", in: 0.001...1_000_000) else {
                throw ConfigurationError(description: "\(limit.name("perSecond")): is required")
            }
            let burst = try limit.integer("burst", in: 1...1_000_000) ?? max(1, Int(perSecond.rounded(.up)))
            rateLimit = RateLimit(perSecond: perSecond, burst: burst)
        } else {
            rateLimit = nil
        }
    }

    /// A tokens file holding `tokens`, in the format `list(from:source:)` reads.
    static func json(_ tokens: [AccessToken]) -> Data {
        let entries = tokens.map { token in
            var entry: [String: JSONValue] = [
                "name": .string(token.name), "role": .string(token.role.rawValue), "sha256": .string(token.digest.hexEncodedString()),
            ]
            if let limit = token.rateLimit {
                entry["rateLimit"] = .object(["perSecond": .number(String(limit.perSecond)), "burst": .number(String(limit.burst))])
            }
            return JSONValue.object(entry)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(JSONValue.array(entries))
        } catch {
            // Strings and numbers always encode; an empty list keeps the no-crash rule without `try?`.
            return Data("[]".utf8)
        }
    }

    /// The 32 bytes written as 64 hex digits (either case), or nil.
    private static func digest(hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = digits[index].hexDigitValue, let low = digits[index + 1].hexDigitValue else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
