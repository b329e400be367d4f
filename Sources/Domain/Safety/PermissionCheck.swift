import FoundationEssentials

/// One EC2 `DryRun=true` permission check: a `DryRunOperation` error means the call would be allowed,
/// `UnauthorizedOperation` that it would not (EC2 API Reference, "Common parameters": DryRun).
public struct PermissionCheck: Codable, Sendable, Equatable {
    /// The EC2 action checked, e.g. "ModifyNetworkInterfaceAttribute".
    public var action: String
    /// The resource it was checked on.
    public var resource: String
    /// Whether AWS answered `DryRunOperation`.
    public var allowed: Bool
    /// The error code AWS answered with.
    public var code: String

    /// Creates a check.
    public init(action: String, resource: String, allowed: Bool, code: String) {
        self.action = action
        self.resource = resource
        self.allowed = allowed
        self.code = code
    }
}
