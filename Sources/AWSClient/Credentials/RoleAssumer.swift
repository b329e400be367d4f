import FoundationEssentials

/// The STS calls the role-based credential providers need; the STS client implements it, tests fake it.
public protocol RoleAssumer: Sendable {
    /// STS AssumeRole signed with `credentials`: temporary credentials for `roleArn` (e.g. in another account).
    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, durationSeconds: Int?,
        using credentials: AWSCredentials, region: String
    ) async throws -> AWSCredentials

    /// STS AssumeRoleWithWebIdentity (unsigned): temporary credentials for `roleArn` from an OIDC token.
    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String, region: String
    ) async throws -> AWSCredentials
}
