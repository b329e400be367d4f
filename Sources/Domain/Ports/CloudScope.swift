import FoundationEssentials

/// Where a cloud call goes: the incident's region and, when it is not Cordon's own, its account.
///
/// The adapter maps the account to a role to assume (its configuration), so the domain never holds credentials.
public struct CloudScope: Codable, Sendable, Equatable, Hashable {
    /// The AWS region, e.g. "eu-west-1".
    public var region: String
    /// The AWS account ID, or nil for the account Cordon runs in.
    public var account: String?

    /// Creates a scope.
    public init(region: String, account: String? = nil) {
        self.region = region
        self.account = account
    }
}
