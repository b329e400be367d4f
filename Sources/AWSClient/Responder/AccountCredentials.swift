import FoundationEssentials

/// Assumed-role credential providers, one per role ARN, each caching its credentials until shortly before they
/// expire, so every call into an incident's account does not call STS AssumeRole again.
actor AccountCredentials {
    private let now: @Sendable () -> Date
    private var providers: [String: CachingCredentialProvider] = [:]

    /// Creates an empty cache reading time from `now`.
    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The cached provider of `roleArn`, made with `make` on first use.
    func provider(for roleArn: String, make: () -> any CredentialProvider) -> any CredentialProvider {
        if let provider = providers[roleArn] { return provider }
        let provider = CachingCredentialProvider(wrapping: make(), now: now)
        providers[roleArn] = provider
        return provider
    }
}
