/// The playbooks a rule can start, by their config names.
public enum PlaybookName: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Isolate and capture an EC2 instance (the seed runbook).
    case containInstance = "contain-instance"
    /// Deactivate an exposed access key and revoke its sessions.
    case containAccessKey = "contain-access-key"
    /// Open an incident for a human, with no AWS actions.
    case triage
}
