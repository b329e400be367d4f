import FoundationEssentials
import Platform

/// How many incidents are in each status, kept up to date by the `IncidentStore` as it saves, and readable
/// without waiting on any actor: a metrics scrape reads `snapshot()` in well under a microsecond, however many
/// incidents there are (issue #5: a scrape under 1 ms at 10,000 incidents).
///
/// `@unchecked Sendable` is sound because the two dictionaries are only touched under `lock`. A `PThreadMutex`
/// rather than `Synchronization.Mutex`: the thread sanitizer reports a false race inside Mutex on this toolchain.
public final class IncidentStatusCounts: @unchecked Sendable {
    private let lock = PThreadMutex()
    /// Each incident's latest counted version and status, so a late save of an older version changes nothing.
    private var latest: [String: (version: Int, status: IncidentStatus)] = [:]
    private var counts: [IncidentStatus: Int] = [:]

    /// Empty counts.
    public init() {}

    /// Counts `incident` in its status (moving it out of its previous one) unless a newer version was counted.
    func update(_ incident: IncidentSummary) {
        update(CollectionOfOne(incident))
    }

    /// Counts every summary in `incidents` as `update(_:)` does, under one lock: startup counts 100,000 at once.
    func update<Incidents: Collection<IncidentSummary>>(_ incidents: Incidents) {
        lock.lock()
        defer { lock.unlock() }
        latest.reserveCapacity(latest.count + incidents.count)
        for incident in incidents {
            if let previous = latest[incident.id] {
                guard incident.version > previous.version else { continue }
                counts[previous.status, default: 0] -= 1
            }
            latest[incident.id] = (incident.version, incident.status)
            counts[incident.status, default: 0] += 1
        }
    }

    /// The number of incidents per status; statuses no incident has are 0.
    public func snapshot() -> [IncidentStatus: Int] {
        lock.lock()
        defer { lock.unlock() }
        var all = counts
        for status in IncidentStatus.allCases where all[status] == nil { all[status] = 0 }
        return all
    }
}
