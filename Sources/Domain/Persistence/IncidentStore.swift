#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import FoundationEssentials

/// The durable `IncidentRepository`: one JSON document per incident in `<data>/incidents/`, with an optimistic
/// version check so a save built on a stale copy is refused instead of overwriting newer state.
///
/// Memory holds an `IncidentSummary` per incident (status, target, keys, version) and a bounded cache of full
/// incidents; the rest is decoded from its file on demand. Startup reads only the summaries
/// (`IncidentSummaryScanner`), so 100,000 stored incidents load in a fraction of the time and memory that
/// decoding them all took (issue #7; docs/PERFORMANCE.md, "Startup and memory"), and from the summary index file
/// (`IncidentSummaryIndex`) for every file unchanged since it was written. The files stay the only source of truth:
/// an index entry is used only while its file is the very version (inode, size, mtime, ctime) it was read from.
///
/// The version check is cheap: the version of a save in flight is reserved before the write, so two saves of one
/// version cannot both pass; a failed write gives the reservation back.
public actor IncidentStore: IncidentRepository {
    private let documents: DocumentStore<Incident>
    /// The summary of every durable incident, by ID.
    private var summaries: [String: IncidentSummary] = [:]
    /// Every durable incident's ID in ascending order, which is creation order (`Incident.makeID`): pages are
    /// read from it without sorting.
    private var orderedIds: [String] = []
    /// The version of the latest save accepted but not yet durable, per incident ID.
    private var reserved: [String: Int] = [:]
    /// Incidents per status, as saved; read by metrics scrapes without entering this actor.
    public nonisolated let statusCounts: IncidentStatusCounts
    /// Why the last `loadAll()` could not read or write the summary index file, if it could not; nil when it
    /// could (or there was none yet). Startup goes on without the index: it only saves reading files.
    public private(set) var summaryIndexProblem: String?

    /// Opens the store in `directory`, creating it if missing, keeping up to `cacheCapacity` full incidents in
    /// memory; call `loadAll()` before serving. It keeps `statusCounts` up to date from then on.
    ///
    /// - Throws: `.storageFailure` if the directory cannot be created.
    public init(directory: URL, cacheCapacity: Int = 1024,
                statusCounts: IncidentStatusCounts = IncidentStatusCounts()) throws {
        documents = try DocumentStore<Incident>(directory: directory, cacheCapacity: cacheCapacity)
        self.statusCounts = statusCounts
    }

    /// Reads every incident's summary into memory and returns how many incidents there are: from the summary index
    /// file for each incident file it still describes exactly (`IncidentSummaryIndex`), else from the file itself
    /// (in parallel, checking it is JSON and names its own ID). When the index disagreed with the directory, or
    /// was missing or damaged, it writes a new one, so the next start reads only what changes meanwhile.
    ///
    /// - Throws: `.corruptStore` naming an incident file read that is not a valid incident, `.storageFailure` on a
    ///   read error. A damaged index is not an error (it is rebuilt); `summaryIndexProblem` says why it was.
    @discardableResult
    public func loadAll() async throws -> Int {
        let indexPath = "\(documents.directory)/\(IncidentSummaryIndex.fileName)"
        // The index's entries, the scan's and the summaries kept are each ~20 MB at 100,000 incidents: each is
        // released as soon as the next is built, so startup's peak RSS stays near what remains (issue #7).
        var known = readSummaryIndex(at: indexPath)
        let indexedCount = known.count
        var scanned = try await documents.scan(reusing: known) { id, bytes in
            let summary = try IncidentSummaryScanner.summary(of: bytes)
            guard summary.id == id else {
                throw DomainError(.corruptStore, "it holds incident \(String(reflecting: summary.id)), not \(id)")
            }
            return summary
        }
        known = [:]
        if scanned.count != indexedCount || scanned.values.contains(where: \.wasRead) {
            await writeSummaryIndex(scanned, at: indexPath)
        }
        // mapValues keeps the hash table as it is: no rehashing of 100,000 IDs.
        let loaded = scanned.mapValues(\.summary)
        scanned = [:]
        if summaries.isEmpty {
            summaries = loaded
        } else {
            // Saves made while it ran are newer than the files it read.
            summaries.merge(loaded) { current, _ in current }
        }
        statusCounts.update(loaded.values)
        orderedIds = summaries.keys.sorted()
        return summaries.count
    }

    /// Saves the incident durably. Its version must be one more than the stored one (1 for a new incident).
    ///
    /// - Throws: `.conflict` when another save got there first, `.storageFailure` when the write fails.
    public func save(_ incident: Incident) async throws {
        let id = incident.id
        let previous = reserved[id]
        let expected = (previous ?? summaries[id]?.version ?? 0) + 1
        guard incident.version == expected else {
            throw DomainError(.conflict, "incident \(id) changed meanwhile: this save is version "
                                  + "\(incident.version), the store expects \(expected); reload and retry")
        }
        reserved[id] = incident.version
        do {
            try await documents.put(incident, id: id)
        } catch {
            // Give the version back unless a later save has reserved past it meanwhile.
            if reserved[id] == incident.version { reserved[id] = previous }
            throw error
        }
        if reserved[id] == incident.version { reserved[id] = nil }
        // Writes to one incident complete in order, but their callers may resume here out of order.
        let summary = IncidentSummary(incident)
        statusCounts.update(summary)
        if (summaries[id]?.version ?? 0) < incident.version { record(summary) }
    }

    /// The incident with this ID, or nil; decoded from its file unless recently used.
    ///
    /// - Throws: `.corruptStore` naming the file when it does not decode, `.storageFailure` on a read error.
    public nonisolated func load(id: String) async throws -> Incident? {
        try await documents.get(id)
    }

    /// Every incident, decoded from disk, in no particular order: for tools and tests, not for serving.
    public func all() async throws -> [Incident] {
        Array(try await documents.all().values)
    }

    /// The incidents whose workflow was running when the service stopped (`IncidentSummary.isUnfinished`).
    public func unfinished() async throws -> [Incident] {
        var incidents: [Incident] = []
        // Few are unfinished: filtering first saves a lookup per incident, and sorting them keeps creation order.
        for id in summaries.values.filter(\.isUnfinished).map(\.id).sorted() {
            guard let incident = try await load(id: id) else {
                throw DomainError(.corruptStore, "\(documents.directory)/\(id).json: listed at startup, now missing")
            }
            incidents.append(incident)
        }
        return incidents
    }

    /// The summary of every durable incident, in ascending ID (creation) order.
    public func allSummaries() -> [IncidentSummary] {
        orderedIds.compactMap { summaries[$0] }
    }

    /// Up to `limit` IDs of incidents with `status` (any if nil) and an ID below `cursor` (any if nil), newest
    /// first, and whether more follow.
    public func page(status: IncidentStatus?, before cursor: String?, limit: Int) -> (ids: [String], hasMore: Bool) {
        var position = cursor.map(firstIndex(notBelow:)) ?? orderedIds.count
        var ids: [String] = []
        while position > 0 {
            position -= 1
            let id = orderedIds[position]
            if let status, summaries[id]?.status != status { continue }
            if ids.count == limit { return (ids, true) }
            ids.append(id)
        }
        return (ids, false)
    }

    /// The summary index file's entries; none when it is missing or cannot be used (then every file is read).
    private func readSummaryIndex(at path: String) -> [String: ScannedFile<IncidentSummary>] {
        do {
            guard try FileIdentity.of(path) != nil else { return [:] }
            let file = try POSIXFile.open(path, flags: O_RDONLY)
            defer { file.closeQuietly() }
            return try IncidentSummaryIndex.decode(try file.readToEnd())
        } catch {
            summaryIndexProblem = "\(path): \(Self.reason(error)); every incident file was read"
        }
        return [:]
    }

    /// Replaces the summary index file atomically. A failure leaves the old index (whose stale entries are
    /// ignored) or none: the next start reads more files, and nothing is lost, so startup does not stop for it.
    private func writeSummaryIndex(_ entries: [String: ScannedFile<IncidentSummary>], at path: String) async {
        let writer = AtomicFileWriter()
        do {
            try await DispatchQueue.global(qos: .userInitiated).run {
                try writer.replace(path, with: IncidentSummaryIndex.encode(entries))
            }
        } catch {
            summaryIndexProblem = "\(path): \(Self.reason(error)); the next start reads the changed incident files again"
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as? DomainError)?.message ?? "\(error)"
    }

    private func record(_ summary: IncidentSummary) {
        if summaries.updateValue(summary, forKey: summary.id) == nil {
            // New IDs are nearly always the newest: appending is the common case.
            if let last = orderedIds.last, last > summary.id {
                orderedIds.insert(summary.id, at: firstIndex(notBelow: summary.id))
            } else {
                orderedIds.append(summary.id)
            }
        }
    }

    /// The index of the first ID in `orderedIds` that is not below `id` (binary search).
    private func firstIndex(notBelow id: String) -> Int {
        var low = 0
        var high = orderedIds.count
        while low < high {
            let middle = (low + high) / 2
            if orderedIds[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
