import FoundationEssentials

/// Where an incident stands; the raw values are the stable JSON spelling.
public enum IncidentStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Opened; no workflow has run yet, or it waits for approval.
    case open
    /// A workflow is running.
    case containing
    /// The workflow finished and its verification step confirmed containment.
    case contained
    /// The workflow finished with a failed or skipped step; `Incident.timeline` says why.
    case failed
    /// A responder closed the incident.
    case closed
    /// A responder released the host: the `release` playbook restored its recorded prior state and verified it.
    case released
}
