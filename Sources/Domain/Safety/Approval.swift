import FoundationEssentials

/// One responder's approval of an incident's destructive steps, bound to the plan they reviewed.
public struct Approval: Codable, Sendable, Equatable {
    /// Who approved.
    public var actor: AuditActor
    /// The digest of the plan they approved (`Plan.digest`); a different current plan voids the approval.
    public var planDigest: String
    /// When they approved.
    public var approvedAt: Date
    /// When the approval stops counting.
    public var expiresAt: Date

    /// Creates an approval.
    public init(actor: AuditActor, planDigest: String, approvedAt: Date, expiresAt: Date) {
        self.actor = actor
        self.planDigest = planDigest
        self.approvedAt = approvedAt
        self.expiresAt = expiresAt
    }

    /// Whether it still counts towards a plan with this digest at `now`.
    public func counts(for digest: String, at now: Date) -> Bool {
        planDigest == digest && now < expiresAt
    }
}
