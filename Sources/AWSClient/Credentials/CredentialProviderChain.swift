import FoundationEssentials

/// Tries providers in order and returns the first credentials found (AWS SDKs reference, "Understand the
/// credential provider chain"). A provider whose source is absent is skipped; one whose source is present
/// but fails stops the chain, so a broken task role never silently falls through to the instance role.
public struct CredentialProviderChain: CredentialProvider {
    /// The links, each with the name used in error messages.
    public let links: [(name: String, provider: any CredentialProvider)]

    /// Creates a chain over `links`, tried in order.
    public init(_ links: [(name: String, provider: any CredentialProvider)]) {
        self.links = links
    }

    /// The SDKs' default chain: environment, web identity, shared profile, container, IMDS.
    public static func standard(
        environment: [String: String], region: String, defaultSessionName: String,
        roleAssumer: any RoleAssumer, transport: any AWSHTTPTransport
    ) -> CredentialProviderChain {
        CredentialProviderChain([
            ("environment", EnvironmentCredentialProvider(environment: environment)),
            ("web identity", WebIdentityCredentialProvider(
                environment: environment, region: region, roleAssumer: roleAssumer,
                defaultSessionName: defaultSessionName
            )),
            ("shared profile", ProfileCredentialProvider(
                environment: environment, region: region, defaultSessionName: defaultSessionName,
                roleAssumer: roleAssumer, transport: transport
            )),
            ("container", ContainerCredentialProvider(environment: environment, transport: transport)),
            ("instance metadata", InstanceMetadataCredentialProvider(environment: environment, transport: transport)),
        ])
    }

    /// Returns the first provider's credentials; the error lists every source tried and why each gave none.
    public func credentials() async throws -> AWSCredentials {
        var tried: [String] = []
        for link in links {
            do {
                return try await link.provider.credentials()
            } catch let error as AWSClientError where error.isCredentialsNotConfigured {
                tried.append("\(link.name): \(error.message)")
            } catch let error as AWSClientError {
                tried.append("\(link.name): \(error.message)")
                throw AWSClientError(
                    kind: .credentials, code: "CredentialsUnavailable",
                    message: "the \(link.name) credentials are configured but failed; tried " + tried.joined(separator: "; "),
                    httpStatus: error.httpStatus
                )
            }
        }
        throw AWSClientError(
            kind: .credentials, code: "NoCredentials",
            message: "no credentials found; tried " + tried.joined(separator: "; ")
        )
    }
}
