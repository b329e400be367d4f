import Foundation
import Testing
@testable import Domain
import TestSupport

/// The startup path: incident summaries scanned from the files, full incidents read on demand, paging from the
/// summaries, and damaged files named.
@Suite struct PersistenceStartupTests {
    static let samples: [Incident] = {
        var triage = Sample.incident(.ipAddress("2001:db8::7"), playbook: .triage, mode: .awaitingApproval)
        triage.idempotencyKey = #"key "quoted" \ back/slash é ☃ 😀"#
        var key = Sample.incident(.accessKeyId("AKIAIOSFODNN7EXAMPLE"), playbook: .containAccessKey)
        key.status = .closed
        key.steps = [IncidentStep(name: .captureAccessKey, status: .running)]
        key.signals = [SignalSummary(source: "health", kind: "AWS_RISK_CREDENTIALS_EXPOSED", time: testEpoch,
                                     severity: "high", title: "exposed\n\"key\"", dedupKey: "health:1")]
        key.version = 12
        return [Sample.incident(.instanceId("i-0abc1234def567890"), playbook: .containInstance), triage, key]
    }()

    @Test(arguments: samples)
    func scannerSummarizesWhatTheEncoderWrote(incident: Incident) throws {
        let data = try StoreJSON.encoder().encode(incident)
        #expect(try IncidentSummaryScanner.summary(of: data) == IncidentSummary(incident))
    }

    @Test func scannerSummarizesARealContainedIncident() async throws {
        let incident = try await StartupIncidents.contained()
        let summary = try IncidentSummaryScanner.summary(of: try StoreJSON.encoder().encode(incident))
        #expect(summary == IncidentSummary(incident))
        #expect(summary.hasSteps && !summary.hasRunningStep && summary.dedupKeys.count == 1)
    }

    /// Escapes the encoder never writes (`\u` with a surrogate pair, `\/`) are read as JSON defines them.
    @Test func scannerReadsEveryStringEscape() throws {
        let incident = Self.samples[0]
        var text = String(decoding: try StoreJSON.encoder().encode(incident), as: UTF8.self)
        text = text.replacingOccurrences(of: #""version":"#, with: #""idempotencyKey":"a\/b\u00e9\ud83d\ude00\t","version":"#)
        let decoded = try StoreJSON.decoder().decode(Incident.self, from: Data(text.utf8))
        #expect(decoded.idempotencyKey == "a/bé😀\t")
        #expect(try IncidentSummaryScanner.summary(of: Data(text.utf8)) == IncidentSummary(decoded))
    }

    static let damage: [(String, String)] = [
        (#""version":1}"#, #""version":1"#),                       // truncated
        (#""version":1}"#, #""version":1}x"#),                     // data after the document
        (#""version":1}"#, #""version":1,}"#),                     // trailing comma
        (#""version":1}"#, #""version":1.}"#),                     // a fraction without digits
        (#""version":1}"#, #""versions":1}"#),                     // a required field missing
        (#""status":"open""#, #""status":"paused""#),              // not a status
        (#""status":"open""#, #""status":"op\qen""#),              // an invalid escape
        (#""reference":"IR-42""#, "\"reference\":\"IR-\n42\""),    // a raw control character
        (#""reference":"IR-42""#, #""reference":tru"#),            // a broken literal
        (#"{"instanceId":"i-0abc1234def567890"}"#, #"{"instanceId":"i-1","ipAddress":"10.0.0.1"}"#),
        (#""reference":"IR-42""#, #""reference":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)),
    ]

    @Test(arguments: damage)
    func scannerRejectsDamagedDocuments(original: String, damaged: String) throws {
        var incident = Self.samples[0]
        incident.version = 1
        let text = String(decoding: try StoreJSON.encoder().encode(incident), as: UTF8.self)
        #expect(text.contains(original))
        let error = #expect(throws: DomainError.self) {
            try IncidentSummaryScanner.summary(of: Data(text.replacingOccurrences(of: original, with: damaged).utf8))
        }
        #expect(error?.code == .corruptStore)
        #expect(error?.message.hasPrefix("offset ") == true)
    }

    /// Whenever a damaged file still decodes in full, the scanner reads the same summary from it: startup and
    /// on-demand loads never disagree about an incident.
    @Test func scannerAgreesWithTheDecoderOnMutatedFiles() async throws {
        let incident = try await StartupIncidents.contained()
        let bytes = [UInt8](try StoreJSON.encoder().encode(incident))
        var generator = SeededGenerator(state: 42)
        var decodedCount = 0
        for _ in 0..<3_000 {
            var mutated = bytes
            let position = Int.random(in: 0..<mutated.count, using: &generator)
            mutated[position] = UInt8.random(in: 0x20...0x7E, using: &generator)
            let data = Data(mutated)
            let decoded: Incident
            do {
                decoded = try StoreJSON.decoder().decode(Incident.self, from: data)
            } catch {
                continue  // damaged beyond decoding: nothing to agree on
            }
            decodedCount += 1
            #expect(try IncidentSummaryScanner.summary(of: data) == IncidentSummary(decoded))
        }
        #expect(decodedCount > 100)
    }

    @Test func loadAllNamesADamagedFileAmongGoodOnes() async throws {
        try await withTemporaryDirectory { directory in
            let store = try IncidentStore(directory: directory)
            let model = try await StartupIncidents.contained()
            for index in 0..<20 { try await store.save(StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: index))) }
            let victim = StartupIncidents.copy(of: model, index: 7).id
            let path = directory.appendingPathComponent("\(victim).json").path
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))

            let error = await domainError { try await IncidentStore(directory: directory).loadAll() }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(path + ": not a valid document: offset ") == true)
        }
    }

    @Test func loadAllNamesAFileHoldingAnotherIncident() async throws {
        try await withTemporaryDirectory { directory in
            let store = try IncidentStore(directory: directory)
            let incident = StartupIncidents.firstVersion(Self.samples[0])
            try await store.save(incident)
            let copy = directory.appendingPathComponent("inc-20261129T144021Z-0000ffff.json")
            try FileManager.default.copyItem(at: directory.appendingPathComponent("\(incident.id).json"), to: copy)

            let error = await domainError { try await IncidentStore(directory: directory).loadAll() }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(copy.path + ": ") == true)
            #expect(error?.message.contains("holds incident \"\(incident.id)\"") == true)
        }
    }

    /// With no cache, every load reads the file: what was saved comes back, and a file damaged after startup is
    /// named when it is loaded.
    @Test func loadsReadFilesOnDemand() async throws {
        try await withTemporaryDirectory { directory in
            let model = try await StartupIncidents.contained()
            let incidents = (0..<12).map { StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: $0)) }
            let writer = try IncidentStore(directory: directory)
            for incident in incidents { try await writer.save(incident) }

            let store = try IncidentStore(directory: directory, cacheCapacity: 0)
            #expect(try await store.loadAll() == incidents.count)
            #expect(await store.allSummaries() == incidents.map(IncidentSummary.init).sorted { $0.id < $1.id })
            for incident in incidents { #expect(try await store.load(id: incident.id) == incident) }
            #expect(try await store.load(id: "inc-missing") == nil)
            #expect(try await store.load(id: "../escape") == nil)

            let path = directory.appendingPathComponent("\(incidents[3].id).json")
            try Data("{}".utf8).write(to: path)
            let error = await domainError { _ = try await store.load(id: incidents[3].id) }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(path.path + ": ") == true)
        }
    }

    /// The summaries kept while saving are the ones a restart reads from the files: the in-memory index and the
    /// files cannot disagree across a restart.
    @Test func summariesAfterSavesMatchSummariesAfterRestart() async throws {
        try await withTemporaryDirectory { directory in
            let model = try await StartupIncidents.contained()
            let store = try IncidentStore(directory: directory, cacheCapacity: 4)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        var incident = StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: index))
                        try await store.save(incident)
                        incident.version = 2
                        incident.status = .closed
                        try await store.save(incident)
                    }
                }
                try await group.waitForAll()
            }
            let leftover = directory.appendingPathComponent(".x.json.6F9619FF-8B86-D011-B42D-00C04FC964FF.tmp")
            try Data("{half".utf8).write(to: leftover)
            let restarted = try IncidentStore(directory: directory)
            #expect(try await restarted.loadAll() == 24)
            #expect(await restarted.allSummaries() == store.allSummaries())
            #expect(await restarted.allSummaries().allSatisfy { $0.status == .closed && $0.version == 2 })
            #expect(!FileManager.default.fileExists(atPath: leftover.path))
        }
    }

    @Test(arguments: [nil, IncidentStatus.contained, .closed, .failed, .open], [1, 3, 7, 500])
    func pagesWalkEveryMatchingIncidentNewestFirst(status: IncidentStatus?, limit: Int) async throws {
        try await withTemporaryDirectory { directory in
            let store = try IncidentStore(directory: directory)
            // Saved out of order, so the ID order is built by insertion, not only by appending.
            let incidents = (0..<23).map { StartupIncidents.firstVersion(StartupIncidents.copy(of: Self.samples[0], index: $0)) }
            for incident in incidents.reversed() { try await store.save(incident) }
            let expected = incidents.filter { status == nil || $0.status == status }.map(\.id).sorted(by: >)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = await store.page(status: status, before: cursor, limit: limit)
                #expect(page.ids.count <= limit)
                seen += page.ids
                cursor = page.hasMore ? page.ids.last : nil
            } while cursor != nil
            #expect(seen == expected)
        }
    }

    @Test func unfinishedIsContainingOrClosedWithACallInFlight() async throws {
        try await withTemporaryDirectory { directory in
            var containing = StartupIncidents.firstVersion(StartupIncidents.copy(of: Self.samples[0], index: 1))
            containing.status = .containing
            let closedMidCall = StartupIncidents.firstVersion(Self.samples[2])
            var closed = StartupIncidents.firstVersion(StartupIncidents.copy(of: Self.samples[0], index: 2))
            closed.status = .closed
            let store = try IncidentStore(directory: directory)
            for incident in [containing, closedMidCall, closed] { try await store.save(incident) }
            let restarted = try IncidentStore(directory: directory)
            try await restarted.loadAll()
            #expect(Set(try await restarted.unfinished().map(\.id)) == [containing.id, closedMidCall.id])
        }
    }

    /// After a restart the service lists from the summaries, newest first, and finds incidents by target and
    /// idempotency key without having decoded them.
    @Test func serviceRecoversIndexesAndListsAfterRestart() async throws {
        try await withTemporaryDirectory { directory in
            let model = try await StartupIncidents.contained()
            let first = try ServiceHarness(directory: directory)
            for index in 0..<10 { try await first.store.save(StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: index))) }

            let restarted = try ServiceHarness(directory: directory)
            #expect(try await restarted.service.recover().incidentsLoaded == 10)
            let page = try await restarted.service.incidents(status: .closed, limit: 2, after: nil)
            let closed = (0..<10).map { StartupIncidents.copy(of: model, index: $0) }.filter { $0.status == .closed }
            #expect(page.items.map(\.id) == closed.map(\.id).sorted(by: >).prefix(2).map { $0 })
            #expect(page.nextCursor == nil)
            // Copy 1 is contained: its target's incident is still open, so opening another is refused.
            let target = StartupIncidents.copy(of: model, index: 1).target
            let refused = await domainError {
                _ = try await restarted.service.open(OpenIncidentRequest(target: target), idempotencyKey: nil, by: AuditActor(name: "alice"))
            }
            #expect(refused?.code == .conflict)
        }
    }

    /// A damaged summary index costs time, not data: every incident is loaded from its file and the report says why.
    @Test func serviceReportsADamagedSummaryIndexAndLoadsEveryIncident() async throws {
        try await withTemporaryDirectory { directory in
            let model = try await StartupIncidents.contained()
            let first = try ServiceHarness(directory: directory)
            for index in 0..<3 { try await first.store.save(StartupIncidents.firstVersion(StartupIncidents.copy(of: model, index: index))) }
            #expect(try await first.service.recover().summaryIndexProblem == nil)
            let index = directory.appendingPathComponent("incidents").appendingPathComponent(IncidentSummaryIndex.fileName)
            try Data("damaged".utf8).write(to: index)

            let report = try await ServiceHarness(directory: directory).service.recover()
            #expect(report.incidentsLoaded == 3)
            #expect(report.summaryIndexProblem?.contains(IncidentSummaryIndex.fileName) == true, "\(report)")
        }
    }

    @Test func cacheEvictsTheLeastRecentlyUsed() {
        var cache = DocumentCache<Int>(capacity: 4)
        for value in 0..<4 { cache.put(value, id: "\(value)") }
        #expect(cache.get("0") == 0)
        cache.put(4, id: "4")
        #expect(cache.count <= 4)
        #expect(cache.get("1") == nil)
        #expect(cache.get("0") == 0 && cache.get("4") == 4)
    }
}
