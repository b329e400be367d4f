import FoundationEssentials

/// What a caller asks the audit log to record; the log adds the sequence number, the time and the chain link.
public struct AuditEntry: Sendable, Equatable {
    /// Who did it.
    public var actor: AuditActor
    /// What was done, e.g. "incident.open", "incident.approve", "step.isolate-network-interfaces".
    public var action: String
    /// What it was done to: an incident ID, or an incident ID and a resource.
    public var target: String
    /// The request's parameters that matter to a reader (never secrets).
    public var parameters: [String: String]
    /// How it ended: "succeeded", "failed: <why>", "rejected: <why>", ...
    public var outcome: String
    /// Every AWS request ID the action caused.
    public var awsRequestIds: [String]

    /// Creates an entry.
    public init(actor: AuditActor, action: String, target: String, parameters: [String: String] = [:],
                outcome: String, awsRequestIds: [String] = []) {
        self.actor = actor
        self.action = action
        self.target = target
        self.parameters = parameters
        self.outcome = outcome
        self.awsRequestIds = awsRequestIds
    }
}
