import FoundationEssentials
import Platform

/// Exchanges an OIDC token file for role credentials with STS AssumeRoleWithWebIdentity
/// (AWS SDKs reference, "Assume role credential provider": web identity; EKS IRSA).
public struct WebIdentityCredentialProvider: CredentialProvider {
    /// The file holding the token, re-read on every call because the platform rotates it.
    public let tokenFilePath: String?
    /// The role to assume.
    public let roleArn: String?
    /// The role session name.
    public let sessionName: String
    /// The STS region.
    public let region: String
    /// The STS client.
    public let roleAssumer: any RoleAssumer

    /// Creates a provider from explicit settings (a profile's `web_identity_token_file` and `role_arn`).
    public init(
        tokenFilePath: String?, roleArn: String?, sessionName: String, region: String, roleAssumer: any RoleAssumer
    ) {
        self.tokenFilePath = tokenFilePath
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.region = region
        self.roleAssumer = roleAssumer
    }

    /// Creates a provider from `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`.
    public init(
        environment: [String: String], region: String, roleAssumer: any RoleAssumer, defaultSessionName: String
    ) {
        self.init(
            tokenFilePath: environment.nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE"),
            roleArn: environment.nonEmpty("AWS_ROLE_ARN"),
            sessionName: environment.nonEmpty("AWS_ROLE_SESSION_NAME") ?? defaultSessionName,
            region: region, roleAssumer: roleAssumer
        )
    }

    /// Reads the token and assumes the role.
    public func credentials() async throws -> AWSCredentials {
        guard let tokenFilePath, let roleArn else {
            if tokenFilePath == nil && roleArn == nil {
                throw AWSClientError.credentialsNotConfigured("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set")
            }
            throw AWSClientError.credentialsUnavailable(
                "web identity needs both a token file and a role ARN; only the \(tokenFilePath == nil ? "role ARN" : "token file") is set"
            )
        }
        let token: String
        do {
            token = try String(contentsOfFile: tokenFilePath, encoding: .utf8)
                .trimmingWhitespace()
        } catch {
            throw AWSClientError.credentialsUnavailable("cannot read web identity token file \(tokenFilePath)")
        }
        guard !token.isEmpty else {
            throw AWSClientError.credentialsUnavailable("web identity token file \(tokenFilePath) is empty")
        }
        do {
            return try await roleAssumer.assumeRoleWithWebIdentity(
                roleArn: roleArn, sessionName: sessionName, webIdentityToken: token, region: region
            )
        } catch let error as AWSClientError {
            throw AWSClientError.credentialsUnavailable(
                "AssumeRoleWithWebIdentity \(roleArn) failed: \(error.description)", httpStatus: error.httpStatus
            )
        }
    }
}
