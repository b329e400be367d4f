import FoundationEssentials

/// Whether the workflow's destructive steps run at once or wait for a responder's approval.
public enum IncidentMode: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Every step runs as soon as its dependencies succeed.
    case automatic
    /// Evidence steps run at once; destructive and verification steps wait for `approve`.
    case awaitingApproval
}
