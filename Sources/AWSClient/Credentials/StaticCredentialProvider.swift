/// Yields one fixed set of credentials (a profile's keys, a test's keys).
public struct StaticCredentialProvider: CredentialProvider {
    /// The credentials returned on every call.
    public let fixed: AWSCredentials

    /// Creates a provider returning `credentials`.
    public init(_ credentials: AWSCredentials) {
        fixed = credentials
    }

    /// Returns the fixed credentials.
    public func credentials() async throws -> AWSCredentials {
        fixed
    }
}
