import FoundationEssentials
import Platform

/// One setting of `cordon`: its environment variable, config file key, optional flag, default and meaning, and
/// how a text value is validated and applied. The README's configuration table lists the same rows.
struct ConfigurationSetting: Sendable {
    /// The environment variable, e.g. `CORDON_PORT`.
    let variable: String
    /// The key in the config file, e.g. `port` or `forensics.amiId`; nil when only the environment sets it.
    let fileKey: String?
    /// The command-line flag, e.g. `--port`.
    let flag: String?
    /// The default, as documented.
    let defaultValue: String
    /// What it means, in a few words.
    let meaning: String
    /// Validates `value` (from `source`: a flag, variable or file key) and stores it.
    let apply: @Sendable (_ value: String, _ configuration: inout CordonConfiguration, _ source: String) throws(ConfigurationError) -> Void

    /// Every setting, in the order the README lists them.
    static let all: [ConfigurationSetting] = [
        ConfigurationSetting(variable: "CORDON_HOST", fileKey: "host", flag: "--host", defaultValue: "127.0.0.1",
                             meaning: "IPv4 address to listen on") { value, configuration, source throws(ConfigurationError) in
            configuration.http.host = try Validate.host(value, source)
        },
        ConfigurationSetting(variable: "CORDON_PORT", fileKey: "port", flag: "--port", defaultValue: "8080",
                             meaning: "TCP port (0 picks a free one)") { value, configuration, source throws(ConfigurationError) in
            configuration.http.port = try Validate.integer(value, in: 0...65_535, source)
        },
        ConfigurationSetting(variable: "CORDON_DATA_DIR", fileKey: "dataDir", flag: "--data-dir", defaultValue: "./data",
                             meaning: "data directory, created if missing") { value, configuration, source throws(ConfigurationError) in
            configuration.dataDirectory = try Validate.path(value, source)
        },
        ConfigurationSetting(variable: "CORDON_CONFIG", fileKey: nil, flag: "--config", defaultValue: "none",
                             meaning: "JSON or YAML config file") { value, configuration, source throws(ConfigurationError) in
            configuration.configFile = try Validate.path(value, source)
        },
        ConfigurationSetting(variable: "CORDON_RESPONDER", fileKey: "responder", flag: nil, defaultValue: "cordon",
                             meaning: "name in snapshot descriptions (<responder>-<date>-<reference>)") { value, configuration, source throws(ConfigurationError) in
            configuration.responderName = try Validate.name(value, source)
        },
        ConfigurationSetting(variable: "CORDON_FORENSIC_AMI", fileKey: "forensics.amiId", flag: nil, defaultValue: "none",
                             meaning: "AMI of the forensic workstation") { value, configuration, source throws(ConfigurationError) in
            configuration.forensicImageId = try Validate.awsID(value, prefix: "ami-", source)
        },
        ConfigurationSetting(variable: "CORDON_FORENSIC_INSTANCE_TYPE", fileKey: "forensics.instanceType", flag: nil,
                             defaultValue: "t3.large", meaning: "instance type of the forensic workstation") { value, configuration, source throws(ConfigurationError) in
            configuration.forensicInstanceType = try Validate.name(value, source)
        },
        ConfigurationSetting(variable: "CORDON_FORENSIC_SUBNET", fileKey: "forensics.subnetId", flag: nil, defaultValue: "none",
                             meaning: "subnet of the forensic workstation") { value, configuration, source throws(ConfigurationError) in
            configuration.forensicSubnetId = try Validate.awsID(value, prefix: "subnet-", source)
        },
        ConfigurationSetting(variable: "CORDON_FORENSIC_SECURITY_GROUP", fileKey: "forensics.securityGroupId", flag: nil,
                             defaultValue: "none", meaning: "security group of the forensic workstation") { value, configuration, source throws(ConfigurationError) in
            configuration.forensicSecurityGroupId = try Validate.awsID(value, prefix: "sg-", source)
        },
        ConfigurationSetting(variable: "CORDON_FORENSIC_KEY_NAME", fileKey: "forensics.keyName", flag: nil, defaultValue: "none",
                             meaning: "EC2 key pair of the forensic workstation") { value, configuration, source throws(ConfigurationError) in
            configuration.forensicKeyName = try Validate.name(value, source)
        },
        ConfigurationSetting(variable: "CORDON_QUARANTINE_SECURITY_GROUP", fileKey: "quarantineSecurityGroupId", flag: nil,
                             defaultValue: "none (one is created per VPC)", meaning: "quarantine security group to use") { value, configuration, source throws(ConfigurationError) in
            configuration.quarantineSecurityGroupId = try Validate.awsID(value, prefix: "sg-", source)
        },
        ConfigurationSetting(variable: "CORDON_CROSS_ACCOUNT_ROLE", fileKey: "crossAccountRoleName", flag: nil, defaultValue: "none",
                             meaning: "role name assumed in other accounts") { value, configuration, source throws(ConfigurationError) in
            configuration.crossAccountRoleName = try Validate.name(value, source)
        },
        ConfigurationSetting(variable: "CORDON_AWS_MAX_CONCURRENT_CALLS", fileKey: "aws.maxConcurrentCalls", flag: nil,
                             defaultValue: "16", meaning: "AWS calls in flight, all incidents together") { value, configuration, source throws(ConfigurationError) in
            configuration.awsMaxConcurrentCalls = try Validate.integer(value, in: 1...256, source)
        },
        ConfigurationSetting(variable: "CORDON_AWS_CALLS_PER_SECOND", fileKey: "aws.callsPerSecond", flag: nil,
                             defaultValue: "20", meaning: "AWS calls started per second, all incidents together") { value, configuration, source throws(ConfigurationError) in
            configuration.awsCallsPerSecond = Double(try Validate.integer(value, in: 1...1_000, source))
        },
        ConfigurationSetting(variable: "CORDON_TOKENS_FILE", fileKey: "auth.tokensFile", flag: nil,
                             defaultValue: "none (then <data-dir>/tokens.json)",
                             meaning: "API tokens: JSON list of name, role, sha256, rateLimit") { value, configuration, source throws(ConfigurationError) in
            configuration.tokensFile = try Validate.path(value, source)
        },
        // Secrets have no file key: they come from the environment (or an orchestrator's secret store), never a
        // config file that gets committed or printed.
        ConfigurationSetting(variable: "CORDON_BOOTSTRAP_TOKEN", fileKey: nil, flag: nil, defaultValue: "none",
                             meaning: "an admin token (only its SHA-256 is kept)") { value, configuration, source throws(ConfigurationError) in
            configuration.bootstrapTokenDigest = try TokenProvisioner.bootstrapDigest(value, source: source)
        },
        ConfigurationSetting(variable: "CORDON_WEBHOOK_SECRETS", fileKey: nil, flag: nil, defaultValue: "none (route off)",
                             meaning: "whsec_ secrets for signed webhooks, comma-separated, current first") { value, configuration, source throws(ConfigurationError) in
            configuration.webhookSecrets = try WebhookSecret.list(value, source: source)
        },
        ConfigurationSetting(variable: "CORDON_REQUIRED_APPROVALS", fileKey: "safety.requiredApprovals", flag: nil,
                             defaultValue: "1", meaning: "approvals (never by the requester) an incident awaiting approval needs") { value, configuration, source throws(ConfigurationError) in
            configuration.requiredApprovals = try Validate.integer(value, in: 1...10, source)
        },
        ConfigurationSetting(variable: "CORDON_APPROVAL_TTL_SECONDS", fileKey: "safety.approvalTtlSeconds", flag: nil,
                             defaultValue: "3600", meaning: "seconds an approval counts") { value, configuration, source throws(ConfigurationError) in
            configuration.approvalLifetime = TimeInterval(try Validate.integer(value, in: 60...86_400, source))
        },
        ConfigurationSetting(variable: "CORDON_CONTAINMENTS_PER_HOUR", fileKey: "safety.automaticContainmentsPerHour", flag: nil,
                             defaultValue: "10", meaning: "automatic containments per sliding hour; later ones await approval") { value, configuration, source throws(ConfigurationError) in
            configuration.automaticContainmentsPerHour = try Validate.integer(value, in: 0...10_000, source)
        },
        ConfigurationSetting(variable: "CORDON_EXEMPT_RESOURCES", fileKey: "safety.exemptResources", flag: nil,
                             defaultValue: "none", meaning: "comma-separated instance IDs, access key IDs, IAM user names never acted on") { value, configuration, source throws(ConfigurationError) in
            let names = value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            configuration.exemptResources = Set(try names.map { name throws(ConfigurationError) in try Validate.name(name, source) })
        },
    ] + httpEngine

    /// The settings the config file may hold, by key.
    static let byFileKey: [String: ConfigurationSetting] = Dictionary(
        uniqueKeysWithValues: all.compactMap { setting in setting.fileKey.map { ($0, setting) } })
}
