import FoundationEssentials

/// The profiles of the shared `config` and `credentials` files, merged (AWS SDKs reference,
/// "Shared config and credentials files"; "Location of the shared files").
public struct SharedConfig: Sendable, Equatable {
    /// Settings by profile name, then by lower-cased setting name.
    public var profiles: [String: [String: String]]

    /// Creates a configuration from already-parsed profiles.
    public init(profiles: [String: [String: String]]) {
        self.profiles = profiles
    }

    /// The settings of one profile, or nil when neither file defines it.
    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }

    /// The selected profile: `AWS_PROFILE`, else `default`.
    public static func profileName(environment: [String: String]) -> String {
        environment.nonEmpty("AWS_PROFILE") ?? "default"
    }

    /// The config file: `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public static func configFilePath(environment: [String: String]) -> String {
        expandHome(environment.nonEmpty("AWS_CONFIG_FILE") ?? "~/.aws/config", environment: environment)
    }

    /// The credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public static func credentialsFilePath(environment: [String: String]) -> String {
        expandHome(environment.nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials", environment: environment)
    }

    /// Reads and merges both files; a missing file is empty, an unreadable one is a `.configuration` error.
    public static func load(configFilePath: String, credentialsFilePath: String) throws -> SharedConfig {
        let config = parse(try read(configFilePath), isConfigFile: true)
        let credentials = parse(try read(credentialsFilePath), isConfigFile: false)
        // Settings in the credentials file win over the config file's for the same profile (SDKs reference).
        let merged = config.merging(credentials) { configSettings, credentialSettings in
            configSettings.merging(credentialSettings) { _, fromCredentials in fromCredentials }
        }
        return SharedConfig(profiles: merged)
    }

    /// Reads both files at the paths the environment selects.
    public static func load(environment: [String: String]) throws -> SharedConfig {
        try load(
            configFilePath: configFilePath(environment: environment),
            credentialsFilePath: credentialsFilePath(environment: environment)
        )
    }

    /// The file's text, or nil when it does not exist.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AWSClientError(kind: .configuration, code: "UnreadableConfigFile", message: "cannot read \(path)")
        }
    }

    /// Replaces a leading `~` with `HOME`.
    static func expandHome(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = environment.nonEmpty("HOME") else { return path }
        return home + path.dropFirst()
    }
}
