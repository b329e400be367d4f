import FoundationEssentials

/// What the platform team configures for responder safety: approvals, exemptions and the blast-radius limit.
public struct SafetySettings: Sendable {
    /// How many distinct responders (never the requester) must approve; M of the N allowed to.
    public var requiredApprovals: Int
    /// How long an approval counts.
    public var approvalLifetime: TimeInterval
    /// Instance IDs, access key IDs and IAM user names Cordon never acts on (besides `cordon:exempt=true` tags).
    public var exemptResources: Set<String>
    /// At most this many automatic containments start per sliding hour; later ones wait for approval.
    public var automaticContainmentsPerHour: Int
    /// The hex SHA-256 of canonical plan JSON (the composition root passes AWSClient's; Domain has no crypto).
    public var digest: @Sendable (Data) -> String

    /// Creates settings; the defaults are one approval valid for an hour, no exemptions, ten per hour.
    public init(requiredApprovals: Int = 1, approvalLifetime: TimeInterval = 3600, exemptResources: Set<String> = [],
                automaticContainmentsPerHour: Int = 10, digest: @escaping @Sendable (Data) -> String) {
        self.requiredApprovals = requiredApprovals
        self.approvalLifetime = approvalLifetime
        self.exemptResources = exemptResources
        self.automaticContainmentsPerHour = automaticContainmentsPerHour
        self.digest = digest
    }
}
