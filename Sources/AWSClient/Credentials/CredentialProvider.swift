import FoundationEssentials

/// Something that yields credentials: a static set, one link of the default chain, or the chain itself.
public protocol CredentialProvider: Sendable {
    /// Returns credentials valid now, refreshing them if needed.
    func credentials() async throws -> AWSCredentials
}
