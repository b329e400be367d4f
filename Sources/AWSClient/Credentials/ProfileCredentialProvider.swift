import FoundationEssentials

/// Resolves a profile of the shared files: static keys, `role_arn` with `source_profile` chains or a
/// `credential_source`, and `role_arn` with `web_identity_token_file` (AWS SDKs reference,
/// "Assume role credential provider"). The files are re-read on each call, so a refresh sees edits.
public struct ProfileCredentialProvider: CredentialProvider {
    /// The profile to resolve.
    public let profileName: String
    /// Whether the profile was chosen explicitly (`AWS_PROFILE`), so its absence is an error.
    public let profileIsExplicit: Bool
    /// The config file's path.
    public let configFilePath: String
    /// The credentials file's path.
    public let credentialsFilePath: String
    /// The process environment, for `credential_source = Environment | EcsContainer | Ec2InstanceMetadata`.
    public let environment: [String: String]
    /// The STS region.
    public let region: String
    /// The session name when a profile sets no `role_session_name`.
    public let defaultSessionName: String
    /// The STS client.
    public let roleAssumer: any RoleAssumer
    /// The HTTP seam, for container and IMDS credential sources.
    public let transport: any AWSHTTPTransport

    /// Creates a provider for the profile and files the environment selects.
    public init(
        environment: [String: String], region: String, defaultSessionName: String,
        roleAssumer: any RoleAssumer, transport: any AWSHTTPTransport
    ) {
        profileName = SharedConfig.profileName(environment: environment)
        profileIsExplicit = environment.nonEmpty("AWS_PROFILE") != nil
        configFilePath = SharedConfig.configFilePath(environment: environment)
        credentialsFilePath = SharedConfig.credentialsFilePath(environment: environment)
        self.environment = environment
        self.region = region
        self.defaultSessionName = defaultSessionName
        self.roleAssumer = roleAssumer
        self.transport = transport
    }

    /// Loads the files and resolves the profile.
    public func credentials() async throws -> AWSCredentials {
        let config = try SharedConfig.load(configFilePath: configFilePath, credentialsFilePath: credentialsFilePath)
        guard config.profile(profileName) != nil else {
            let reason = "profile \(profileName) is not in \(configFilePath) or \(credentialsFilePath)"
            throw profileIsExplicit
                ? AWSClientError.credentialsUnavailable("AWS_PROFILE names a missing profile: \(reason)")
                : AWSClientError.credentialsNotConfigured(reason)
        }
        return try await provider(for: profileName, in: config, visited: []).credentials()
    }

    /// The provider a profile describes, following `source_profile` links; a cycle is an error.
    func provider(for name: String, in config: SharedConfig, visited: [String]) throws -> any CredentialProvider {
        guard let settings = config.profile(name) else {
            throw AWSClientError.credentialsUnavailable("source_profile \(name) (from \(visited.joined(separator: " -> "))) does not exist")
        }
        guard let roleArn = settings["role_arn"] else {
            return try staticProvider(name: name, settings: settings)
        }
        let sessionName = settings["role_session_name"] ?? defaultSessionName
        if let tokenFile = settings["web_identity_token_file"] {
            return WebIdentityCredentialProvider(
                tokenFilePath: tokenFile, roleArn: roleArn, sessionName: sessionName, region: region,
                roleAssumer: roleAssumer
            )
        }
        let source: any CredentialProvider
        switch (settings["source_profile"], settings["credential_source"]) {
        case (_?, _?):
            throw AWSClientError.credentialsUnavailable("profile \(name) sets both source_profile and credential_source")
        case (nil, nil):
            throw AWSClientError.credentialsUnavailable("profile \(name) sets role_arn without source_profile or credential_source")
        case let (sourceProfile?, nil):
            if sourceProfile == name {
                // A profile may name itself to use its own static keys as the source (botocore, SDK for Java).
                source = try staticProvider(name: name, settings: settings)
            } else if visited.contains(sourceProfile) {
                throw AWSClientError.credentialsUnavailable(
                    "source_profile cycle: \((visited + [name, sourceProfile]).joined(separator: " -> "))"
                )
            } else {
                source = try provider(for: sourceProfile, in: config, visited: visited + [name])
            }
        case let (nil, credentialSource?):
            source = try namedSource(credentialSource, profile: name)
        }
        return AssumeRoleCredentialProvider(
            roleArn: roleArn, sessionName: sessionName, externalId: settings["external_id"],
            durationSeconds: try durationSeconds(settings["duration_seconds"], profile: name), region: region,
            source: source, roleAssumer: roleAssumer
        )
    }

    /// The profile's `aws_access_key_id`, `aws_secret_access_key` and optional `aws_session_token`.
    func staticProvider(name: String, settings: [String: String]) throws -> any CredentialProvider {
        switch (settings["aws_access_key_id"], settings["aws_secret_access_key"]) {
        case let (accessKey?, secretKey?) where !accessKey.isEmpty && !secretKey.isEmpty:
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return StaticCredentialProvider(
                AWSCredentials(accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: token)
            )
        case (nil, nil):
            let unsupported = ["sso_session", "sso_start_url", "credential_process", "login_session"]
                .filter { settings[$0] != nil }
            if !unsupported.isEmpty {
                throw AWSClientError.credentialsUnavailable(
                    "profile \(name) uses \(unsupported.joined(separator: ", ")), which Cordon does not support"
                )
            }
            // A profile holding only `region` and the like is common on EC2: the chain moves on.
            throw AWSClientError.credentialsNotConfigured("profile \(name) has no credentials")
        default:
            throw AWSClientError.credentialsUnavailable(
                "profile \(name) needs both aws_access_key_id and aws_secret_access_key"
            )
        }
    }

    /// The provider a `credential_source` names.
    func namedSource(_ name: String, profile: String) throws -> any CredentialProvider {
        switch name {
        case "Environment":
            return EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata":
            return InstanceMetadataCredentialProvider(environment: environment, transport: transport)
        case "EcsContainer":
            return ContainerCredentialProvider(environment: environment, transport: transport)
        default:
            throw AWSClientError.credentialsUnavailable(
                "profile \(profile) has credential_source \(name); expected Environment, Ec2InstanceMetadata or EcsContainer"
            )
        }
    }

    /// Parses `duration_seconds`: absent means STS's default; anything but a positive integer is an error.
    func durationSeconds(_ text: String?, profile: String) throws -> Int? {
        guard let text else { return nil }
        guard let seconds = Int(text), seconds > 0 else {
            throw AWSClientError.credentialsUnavailable("profile \(profile) has a duration_seconds that is not a number of seconds")
        }
        return seconds
    }
}
