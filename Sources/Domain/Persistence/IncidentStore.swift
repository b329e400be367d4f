import Foundation

/// The durable `IncidentRepository`: one JSON document per incident in `<data>/incidents/`, with an optimistic
/// version check so a save built on a stale copy is refused instead of overwriting newer state.
///
/// The check is cheap: the last accepted version per incident is held here and reserved before the write, so
/// two saves of one version cannot both pass; a failed write gives the reservation back.
public actor IncidentStore: IncidentRepository {
    private let documents: DocumentStore<Incident>
    /// The version of the latest save accepted (durable or in flight) per incident ID.
    private var versions: [String: Int] = [:]
    /// Incidents per status, as saved; read by metrics scrapes without entering this actor.
    public nonisolated let statusCounts: IncidentStatusCounts

    /// Opens the store in `directory`, creating it if missing; call `loadAll()` before serving. It keeps
    /// `statusCounts` up to date from then on.
    ///
    /// - Throws: `.storageFailure` if the directory cannot be created.
    public init(directory: URL, statusCounts: IncidentStatusCounts = IncidentStatusCounts()) throws {
        documents = try DocumentStore<Incident>(directory: directory)
        self.statusCounts = statusCounts
    }

    /// Reads every incident from disk into memory; returns how many there are.
    ///
    /// - Throws: `.corruptStore` naming a file that is not a valid incident, `.storageFailure` on a read error.
    @discardableResult
    public func loadAll() async throws -> Int {
        let count = try await documents.loadAll()
        for (id, incident) in await documents.all() {
            versions[id] = max(versions[id] ?? 0, incident.version)
            statusCounts.update(incident)
        }
        return count
    }

    /// Saves the incident durably. Its version must be one more than the stored one (1 for a new incident).
    ///
    /// - Throws: `.conflict` when another save got there first, `.storageFailure` when the write fails.
    public func save(_ incident: Incident) async throws {
        let previous = versions[incident.id]
        let expected = (previous ?? 0) + 1
        guard incident.version == expected else {
            throw DomainError(.conflict, "incident \(incident.id) changed meanwhile: this save is version "
                                  + "\(incident.version), the store expects \(expected); reload and retry")
        }
        versions[incident.id] = incident.version
        do {
            try await documents.put(incident, id: incident.id)
            statusCounts.update(incident)
        } catch {
            // Give the version back unless a later save has reserved past it meanwhile.
            if versions[incident.id] == incident.version { versions[incident.id] = previous }
            throw error
        }
    }

    /// The incident with this ID, or nil.
    public func load(id: String) async throws -> Incident? {
        await documents.get(id)
    }

    /// Every incident, in no particular order.
    public func all() async throws -> [Incident] {
        Array(await documents.all().values)
    }
}
