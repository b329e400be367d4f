import Domain
import FoundationEssentials

/// The optional config file (`CORDON_CONFIG`): JSON, or YAML when its name ends in `.yaml`/`.yml`. Nested keys
/// (`forensics.amiId`) name the same settings as the environment; `rules` holds the rules. Unknown keys are errors.
enum ConfigurationFile {
    /// Reads the file's bytes.
    @Sendable static func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Reads, parses and applies the file at `path`; every error names the file and the key.
    static func apply(path: String, to configuration: inout CordonConfiguration,
                      readFile: (String) throws -> Data) throws(ConfigurationError) {
        let data: Data
        do {
            data = try readFile(path)
        } catch {
            throw ConfigurationError(description: "\(path): cannot read: \(error.readFailureDescription)")
        }
        let root = try parse(data, path: path)
        guard case .object(let members) = root else {
            throw ConfigurationError(description: "\(path): must hold an object of settings")
        }
        configuration.configFile = path
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if key == "rules" {
                configuration.rules = try rules(value, path: path)
            } else if case .object(let nested) = value {
                for (inner, innerValue) in nested.sorted(by: { $0.key < $1.key }) {
                    try applySetting("\(key).\(inner)", innerValue, to: &configuration, path: path)
                }
            } else {
                try applySetting(key, value, to: &configuration, path: path)
            }
        }
    }

    private static func applySetting(_ key: String, _ value: JSONValue, to configuration: inout CordonConfiguration,
                                     path: String) throws(ConfigurationError) {
        guard let setting = ConfigurationSetting.byFileKey[key] else {
            let known = ConfigurationSetting.byFileKey.keys.sorted().joined(separator: ", ")
            throw ConfigurationError(description: "\(path): unknown key '\(key)' (known: \(known), rules)")
        }
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = number
        default: throw ConfigurationError(description: "\(path): \(key): must be a string or a number")
        }
        try setting.apply(text, &configuration, "\(path): \(key)")
    }

    private static func rules(_ value: JSONValue, path: String) throws(ConfigurationError) -> [Rule] {
        do {
            return try RuleSet.decode(Data(value.canonicalJSON.utf8)).rules
        } catch {
            throw ConfigurationError(description: "\(path): \(CordonConfiguration.message(of: error))")
        }
    }

    private static func parse(_ data: Data, path: String) throws(ConfigurationError) -> JSONValue {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError(description: "\(path): is not UTF-8")
            }
            do {
                return try YAMLParser.parse(text)
            } catch {
                throw ConfigurationError(description: "\(path): invalid YAML: \(error)")
            }
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigurationError(description: "\(path): invalid JSON: \(error)")
        }
    }
}
