/// Assumes a role with STS AssumeRole using another provider's credentials: profile `role_arn` chains,
/// and containment in another account under a session name that names the incident.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    /// The role to assume.
    public let roleArn: String
    /// The role session name, visible in the target account's CloudTrail.
    public let sessionName: String
    /// The external ID the role's trust policy may require.
    public let externalId: String?
    /// The requested session length; nil lets STS use the role's default (one hour).
    public let durationSeconds: Int?
    /// The STS region.
    public let region: String
    /// Where the credentials that call AssumeRole come from.
    public let source: any CredentialProvider
    /// The STS client.
    public let roleAssumer: any RoleAssumer

    /// Creates a provider assuming `roleArn` with `source`'s credentials.
    public init(
        roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil,
        region: String, source: any CredentialProvider, roleAssumer: any RoleAssumer
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.region = region
        self.source = source
        self.roleAssumer = roleAssumer
    }

    /// Fetches the source credentials, then assumes the role.
    public func credentials() async throws -> AWSCredentials {
        let sourceCredentials: AWSCredentials
        do {
            sourceCredentials = try await source.credentials()
        } catch let error as AWSClientError {
            throw AWSClientError.credentialsUnavailable(
                "no source credentials to assume \(roleArn): \(error.message)", httpStatus: error.httpStatus
            )
        }
        do {
            return try await roleAssumer.assumeRole(
                roleArn: roleArn, sessionName: sessionName, externalId: externalId,
                durationSeconds: durationSeconds, using: sourceCredentials, region: region
            )
        } catch let error as AWSClientError {
            throw AWSClientError.credentialsUnavailable(
                "AssumeRole \(roleArn) failed: \(error.description)", httpStatus: error.httpStatus
            )
        }
    }

    /// A valid RoleSessionName (STS: 2 to 64 of `[\w+=,.@-]`) naming an incident, e.g. `cordon-INC-42`.
    public static func sessionName(forIncident incident: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        let cleaned = String(incident.map { allowed.contains($0) ? $0 : "-" })
        return String("cordon-\(cleaned)".prefix(64))
    }
}
