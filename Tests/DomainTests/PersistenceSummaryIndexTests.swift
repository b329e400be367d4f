import Foundation
import Testing
@testable import Domain

/// The summary index file: what startup reads instead of every incident file, trusted one entry at a time and
/// rebuilt from the files whenever it disagrees with them.
@Suite struct PersistenceSummaryIndexTests {
    /// Saves copies `0..<count` of a real contained incident (as first versions) and returns them.
    private static func saveCopies(_ count: Int, in directory: URL) async throws -> [Incident] {
        let model = try await StartupIncidents.contained()
        let incidents = (0..<count).map { StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: $0)) }
        let store = try IncidentStore(directory: directory)
        for incident in incidents { try await store.save(incident) }
        return incidents
    }

    private static func indexPath(_ directory: URL) -> String {
        directory.appendingPathComponent(IncidentSummaryIndex.fileName).path
    }

    private static func readIndex(_ directory: URL) throws -> [String: ScannedFile<IncidentSummary>] {
        try IncidentSummaryIndex.decode(try Data(contentsOf: URL(fileURLWithPath: indexPath(directory))))
    }

    private static func loadedSummaries(_ directory: URL) async throws -> (IncidentStore, [IncidentSummary]) {
        let store = try IncidentStore(directory: directory)
        try await store.loadAll()
        return (store, await store.allSummaries())
    }

    @Test func encodeThenDecodeGivesTheEntriesBack() throws {
        let summaries = PersistenceStartupTests.samples.enumerated().map { offset, incident in
            var summary = IncidentSummary(incident)
            summary.id = "inc-20261129T144021Z-0000000\(offset)"
            return summary
        }
        let entries = Dictionary(uniqueKeysWithValues: summaries.enumerated().map { offset, summary in
            (summary.id, ScannedFile(summary: summary, identity: FileIdentity(inode: UInt64(offset) + 1 << 40,
                                                                              size: 4_096, modified: -1, changed: .max),
                                     wasRead: false))
        })
        #expect(try IncidentSummaryIndex.decode(IncidentSummaryIndex.encode(entries)) == entries)
        #expect(try IncidentSummaryIndex.decode(IncidentSummaryIndex.encode([:])).isEmpty)
    }

    static let damage: [(String, @Sendable (inout Data) -> Void)] = [
        ("truncated", { $0 = $0.prefix($0.count - 3) }),
        ("a body byte flipped", { $0[$0.count / 2] ^= 0x20 }),
        ("another format", { $0[7] = UInt8(ascii: "9") }),
        ("the count changed", { $0[8] &+= 1 }),
        ("empty", { $0 = Data() }),
    ]

    @Test(arguments: damage)
    func aDamagedIndexIsRefused(name: String, damage: @Sendable (inout Data) -> Void) throws {
        let summary = IncidentSummary(PersistenceStartupTests.samples[1])
        var data = IncidentSummaryIndex.encode([summary.id: ScannedFile(
            summary: summary, identity: FileIdentity(inode: 7, size: 1, modified: 2, changed: 3), wasRead: false)])
        damage(&data)
        let error = #expect(throws: DomainError.self, "\(name)") { try IncidentSummaryIndex.decode(data) }
        #expect(error?.code == .corruptStore)
    }

    /// The first start reads every file and writes the index; the next reads none: an index entry whose file is
    /// unchanged is taken as it is, even when (here, on purpose) it disagrees with the file's content.
    @Test func anUnchangedFileIsNotReadAgain() async throws {
        try await withTemporaryDirectory { directory in
            let incidents = try await Self.saveCopies(6, in: directory)
            #expect(!FileManager.default.fileExists(atPath: Self.indexPath(directory)))
            let (first, summaries) = try await Self.loadedSummaries(directory)
            #expect(summaries == incidents.map(IncidentSummary.init))
            #expect(await first.summaryIndexProblem == nil)
            var index = try Self.readIndex(directory)
            #expect(index.mapValues(\.summary) == Dictionary(uniqueKeysWithValues: summaries.map { ($0.id, $0) }))

            let id = incidents[2].id
            index[id]?.summary.status = .released
            try IncidentSummaryIndex.encode(index).write(to: URL(fileURLWithPath: Self.indexPath(directory)))
            let (_, restarted) = try await Self.loadedSummaries(directory)
            #expect(restarted.first { $0.id == id }?.status == .released)
        }
    }

    /// A file saved after the index was written has another identity: its summary comes from the file, and the
    /// index is rewritten with it. An entry whose file is gone is dropped.
    @Test func theIndexIsRebuiltWhereItDisagrees() async throws {
        try await withTemporaryDirectory { directory in
            let incidents = try await Self.saveCopies(5, in: directory)
            let (store, _) = try await Self.loadedSummaries(directory)
            var changed = incidents[1]
            changed.version = 2
            changed.status = .released
            try await store.save(changed)
            var phantom = try #require(try Self.readIndex(directory)[incidents[0].id])
            phantom.summary.id = "inc-20261129T000000Z-00000000"
            var index = try Self.readIndex(directory)
            index[phantom.summary.id] = phantom
            try IncidentSummaryIndex.encode(index).write(to: URL(fileURLWithPath: Self.indexPath(directory)))

            let (_, restarted) = try await Self.loadedSummaries(directory)
            let expected = ([changed] + incidents.filter { $0.id != changed.id }).map(IncidentSummary.init).sorted { $0.id < $1.id }
            #expect(restarted == expected)
            let rebuilt = try Self.readIndex(directory)
            #expect(rebuilt.mapValues(\.summary) == Dictionary(uniqueKeysWithValues: expected.map { ($0.id, $0) }))
            let path = directory.appendingPathComponent("\(changed.id).json").path
            #expect(rebuilt[changed.id]?.identity == (try FileIdentity.of(path)))
        }
    }

    /// A damaged index is ignored as a whole: every file is read, the reason is kept, and a good index replaces it.
    @Test func aDamagedIndexFileIsReplaced() async throws {
        try await withTemporaryDirectory { directory in
            let incidents = try await Self.saveCopies(4, in: directory)
            _ = try await Self.loadedSummaries(directory)
            try Data("CRDNSIX1 but not much else".utf8).write(to: URL(fileURLWithPath: Self.indexPath(directory)))

            let (store, summaries) = try await Self.loadedSummaries(directory)
            #expect(summaries == incidents.map(IncidentSummary.init))
            #expect(await store.summaryIndexProblem?.hasPrefix(Self.indexPath(directory) + ": offset ") == true)
            #expect(try Self.readIndex(directory).count == incidents.count)
        }
    }

    /// A file damaged after the index was written is read (its identity changed) and named.
    @Test func aFileDamagedSinceTheIndexIsNamed() async throws {
        try await withTemporaryDirectory { directory in
            let incidents = try await Self.saveCopies(8, in: directory)
            _ = try await Self.loadedSummaries(directory)
            let path = directory.appendingPathComponent("\(incidents[5].id).json").path
            try rewrite(path) { $0.removeLast(40) }

            let error = await domainError { try await IncidentStore(directory: directory).loadAll() }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(path + ": not a valid document: offset ") == true)
        }
    }

    /// Many files over several chunks per core: the summaries read in parallel from the files, and those taken
    /// from the index, equal the summaries of the incidents one by one.
    @Test func parallelLoadsEqualTheSequentialSummaries() async throws {
        try await withTemporaryDirectory { directory in
            let incidents = try await Self.saveCopies(150, in: directory)
            let expected = incidents.map(IncidentSummary.init).sorted { $0.id < $1.id }
            let (_, fromFiles) = try await Self.loadedSummaries(directory)
            #expect(fromFiles == expected)
            let (_, fromIndex) = try await Self.loadedSummaries(directory)
            #expect(fromIndex == expected)

            let documents = try DocumentStore<Incident>(directory: directory)
            let known = try Self.readIndex(directory)
            let reused = try await documents.scan(reusing: known) { _, _ in
                throw DomainError(.conflict, "an unchanged file was read")
            }
            #expect(reused == known)
        }
    }
}
