import Foundation

/// Where incidents are kept; the durable store is adapted to it. A save is durable when it returns.
public protocol IncidentRepository: Sendable {
    /// Saves the incident, replacing any earlier version; throws `DomainError` (`storageFailure`) if it is not durable.
    func save(_ incident: Incident) async throws
    /// The incident with this ID, or nil.
    func load(id: String) async throws -> Incident?
    /// Every incident.
    func all() async throws -> [Incident]
}
