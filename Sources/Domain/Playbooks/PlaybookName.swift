import FoundationEssentials

/// The playbooks Cordon ships; the raw values are the names used in JSON, rules and the API.
public enum PlaybookName: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// The seed runbook's containment of an instance, with verification.
    case containInstance = "contain-instance"
    /// Containment, then a forensic workstation with volumes made from the evidence snapshots.
    case forensics
    /// Deactivate an exposed access key, revoke its user's sessions, verify.
    case containAccessKey = "contain-access-key"
    /// Record the incident only; no cloud actions.
    case triage
    /// Release a host from quarantine: restore what containment changed from the recorded prior state, verify.
    case release
}
