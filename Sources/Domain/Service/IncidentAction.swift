/// What `POST /v1/incidents/{id}/actions` can ask for.
public enum IncidentAction: String, Codable, Sendable, Equatable, CaseIterable {
    /// Run (or re-run after a failure) the containment playbook.
    case contain
    /// Extend containment with the forensic workstation steps.
    case forensics
    /// Close the incident: cancel what has not started, record who closed it.
    case close
    /// Release a contained (or failed) instance from quarantine: restore its recorded prior state, verify it.
    case release
}
