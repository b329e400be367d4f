import Domain
import FoundationEssentials

/// `cordon`'s settings: flags beat environment variables, which beat the config file (`CORDON_CONFIG`), which
/// beats the defaults. Every setting is listed once, in `ConfigurationSetting.all`.
struct CordonConfiguration: Equatable, Sendable {
    /// The listen address (`--host`) and port (`--port`), and the HTTP engine's limits and timeouts.
    var http = HTTPConfiguration()
    /// Where incidents and journals live (`--data-dir`, `CORDON_DATA_DIR`).
    var dataDirectory = "./data"
    /// The config file that was read, if any (`--config`, `CORDON_CONFIG`).
    var configFile: String?
    /// The name written into snapshot descriptions and tags (`CORDON_RESPONDER`).
    var responderName = "cordon"
    /// The forensic workstation's AMI; with subnet and security group it enables the forensics playbook.
    var forensicImageId: String?
    /// The forensic workstation's instance type.
    var forensicInstanceType = "t3.large"
    /// The subnet the forensic workstation is launched in.
    var forensicSubnetId: String?
    /// The forensic workstation's security group.
    var forensicSecurityGroupId: String?
    /// The EC2 key pair of the forensic workstation, if any.
    var forensicKeyName: String?
    /// A quarantine security group to use instead of creating one per VPC.
    var quarantineSecurityGroupId: String?
    /// The role assumed in other accounts (`arn:aws:iam::<account>:role/<name>`).
    var crossAccountRoleName: String?
    /// At most this many AWS calls in flight across all incidents.
    var awsMaxConcurrentCalls = 16
    /// At most this many AWS calls started per second across all incidents.
    var awsCallsPerSecond = 20.0
    /// Approvals an incident awaiting approval needs (M of N; never the requester's own).
    var requiredApprovals = 1
    /// How long an approval counts.
    var approvalLifetime: TimeInterval = 3600
    /// Automatic containments per sliding hour before new ones wait for approval.
    var automaticContainmentsPerHour = 10
    /// Resources never acted on, besides those tagged `cordon:exempt=true`.
    var exemptResources: Set<String> = []
    /// The rules, from the config file's `rules`; nil means the shipped defaults.
    var rules: [Rule]?
    /// The tokens file (`CORDON_TOKENS_FILE`): JSON entries of name, role, SHA-256 and rate limit.
    var tokensFile: String?
    /// The SHA-256 of `CORDON_BOOTSTRAP_TOKEN`, an admin token; the secret itself is not kept.
    var bootstrapTokenDigest: Data?
    /// Standard Webhooks secrets for `POST /v1/webhooks/events` (`CORDON_WEBHOOK_SECRETS`), current first.
    var webhookSecrets: [WebhookSecret] = []

    /// What the command line asks for.
    enum Command: Equatable {
        /// Run the server with these settings.
        case run(CordonConfiguration)
        /// Validate a config file and exit (0 when it is valid).
        case checkConfig(path: String)
        /// Verify an audit log's hash chain and exit (0 when it is intact, 1 at the first bad line).
        case verifyAudit(path: String)
        /// Print usage and exit 0.
        case help
    }

    /// The forensic workstation, when its settings are complete.
    var forensicWorkstation: ForensicWorkstationSpec? {
        guard let forensicImageId, let forensicSubnetId, let forensicSecurityGroupId else { return nil }
        return ForensicWorkstationSpec(imageId: forensicImageId, subnetId: forensicSubnetId,
                                       securityGroupIds: [forensicSecurityGroupId], instanceType: forensicInstanceType,
                                       keyName: forensicKeyName)
    }

    /// The safety settings, with plans digested by `digest` (hex SHA-256).
    func safetySettings(digest: @escaping @Sendable (Data) -> String) -> SafetySettings {
        SafetySettings(requiredApprovals: requiredApprovals, approvalLifetime: approvalLifetime,
                       exemptResources: exemptResources, automaticContainmentsPerHour: automaticContainmentsPerHour,
                       digest: digest)
    }

    /// The rule set to run: the configured rules, validated, or the shipped defaults.
    func ruleSet() throws(ConfigurationError) -> RuleSet {
        guard let rules else { return .defaults }
        do {
            return try RuleSet(validating: rules)
        } catch {
            throw ConfigurationError(description: "\(configFile ?? "config"): \(Self.message(of: error))")
        }
    }

    /// Parses arguments (without the program name) over the environment and the config file it names.
    static func parse(arguments: [String], environment: [String: String],
                      readFile: (String) throws -> Data = ConfigurationFile.read) throws(ConfigurationError) -> Command {
        var flags: [String: String] = [:]
        var remaining = arguments[...]
        if remaining.first == "config" {
            remaining.removeFirst()
            guard remaining.first == "check", remaining.count == 2, let path = remaining.last else {
                throw ConfigurationError(description: "usage: cordon config check FILE")
            }
            return .checkConfig(path: path)
        }
        if remaining.first == "audit" {
            remaining.removeFirst()
            guard remaining.first == "verify", remaining.count <= 2 else {
                throw ConfigurationError(description: "usage: cordon audit verify [FILE]")
            }
            let dataDirectory = environment["CORDON_DATA_DIR"] ?? CordonConfiguration().dataDirectory
            return .verifyAudit(path: remaining.dropFirst().first ?? AuditVerifyCommand.defaultPath(dataDirectory: dataDirectory))
        }
        while let argument = remaining.popFirst() {
            var flag = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flag == "--help" || flag == "-h" { return .help }
            guard let setting = ConfigurationSetting.all.first(where: { $0.flag == flag }) else {
                throw ConfigurationError(description: "unknown argument '\(argument)' (see --help)")
            }
            guard let value = inlineValue ?? remaining.popFirst() else {
                throw ConfigurationError(description: "\(flag) needs a value")
            }
            flags[setting.variable] = value
        }
        var configuration = CordonConfiguration()
        let configPath = flags["CORDON_CONFIG"] ?? environment["CORDON_CONFIG"]
        if let configPath {
            try ConfigurationFile.apply(path: configPath, to: &configuration, readFile: readFile)
        }
        for setting in ConfigurationSetting.all {
            if let value = environment[setting.variable] {
                try setting.apply(value, &configuration, setting.variable)
            }
        }
        for setting in ConfigurationSetting.all {
            if let value = flags[setting.variable], let flag = setting.flag {
                try setting.apply(value, &configuration, flag)
            }
        }
        try configuration.validate()
        return .run(configuration)
    }

    /// Checks what no single setting can: settings that only make sense together.
    func validate() throws(ConfigurationError) {
        let forensic = [("CORDON_FORENSIC_AMI", forensicImageId), ("CORDON_FORENSIC_SUBNET", forensicSubnetId),
                        ("CORDON_FORENSIC_SECURITY_GROUP", forensicSecurityGroupId)]
        let given = forensic.filter { $0.1 != nil }
        if !given.isEmpty, given.count < forensic.count {
            let missing = forensic.filter { $0.1 == nil }.map(\.0).joined(separator: ", ")
            throw ConfigurationError(description: "\(missing): needed with \(given.map(\.0).joined(separator: ", ")) for the forensics playbook")
        }
        _ = try ruleSet()
    }

    /// The usage text for `--help`, generated from the settings table.
    static var usage: String {
        var text = "Usage: cordon [OPTIONS]\n       cordon config check FILE\n       cordon audit verify [FILE]\n\nOptions:\n"
        for setting in ConfigurationSetting.all {
            guard let flag = setting.flag else { continue }
            text += padded("  \(flag) VALUE")
            text += "\(setting.meaning) (env \(setting.variable), default \(setting.defaultValue))\n"
        }
        text += padded("  --help") + "show this help\n\n"
        text += "Every setting, with its environment variable and config file key, is in the README.\n"
        return text
    }

    /// A usage column 26 characters wide (the flags are ASCII).
    private static func padded(_ column: String) -> String {
        column + String(repeating: " ", count: max(0, 26 - column.count))
    }

    static func message(of error: any Error) -> String {
        if let error = error as? DomainError { return error.message }
        return String(describing: error)
    }
}
