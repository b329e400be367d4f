import FoundationEssentials

/// Where incidents are kept; the durable store is adapted to it. A save is durable when it returns.
public protocol IncidentRepository: Sendable {
    /// Saves the incident, replacing any earlier version; throws `DomainError` (`storageFailure`) if it is not durable.
    func save(_ incident: Incident) async throws
    /// The incident with this ID, or nil.
    func load(id: String) async throws -> Incident?
    /// Every incident.
    func all() async throws -> [Incident]
    /// The incidents whose workflow was running when the service stopped (`IncidentSummary.isUnfinished`); a
    /// store with many incidents answers from its index instead of loading them all.
    func unfinished() async throws -> [Incident]
}

extension IncidentRepository {
    /// The unfinished incidents among `all()`.
    public func unfinished() async throws -> [Incident] {
        try await all().filter { IncidentSummary($0).isUnfinished }
    }
}
