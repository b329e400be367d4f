import FoundationEssentials

/// A configured API token. Only the SHA-256 of the secret is held, never the secret itself.
struct AccessToken: Sendable, Equatable {
    /// A name for logs and the audit trail, unique among tokens.
    let name: String
    /// What the token may do.
    let role: Role
    /// SHA-256 of the token's secret (32 bytes).
    let digest: Data
    /// The token's own limit, or nil for none.
    let rateLimit: RateLimit?
}
