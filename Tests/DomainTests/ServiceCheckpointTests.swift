import Foundation
import Testing
@testable import Domain

/// `IncidentService` with journal checkpoints: startup replays only the tail, keys stay duplicates for good, a
/// crash after a checkpoint is still repaired, and an unusable or unwritable checkpoint costs time, never events.
@Suite struct ServiceCheckpointTests {
    typealias E = ServiceEvents

    private static func describe(_ eventID: String) -> Data {
        E.cloudTrail("DescribeInstances", eventID: eventID, source: "ec2.amazonaws.com")
    }

    /// A journal with three requests before a checkpoint (one opened an incident) and two after it.
    private static func journalWithACheckpoint(_ directory: URL) async throws -> JournalPosition {
        let harness = try ServiceHarness(directory: directory)
        _ = try await harness.service.recover()
        let opened = try #require(try await harness.ingest(E.guardDutyFinding(id: "gd-1")).incidents.first)
        _ = try await harness.ingest(describe("ev-1"))
        _ = try await harness.ingest(describe("ev-2"))
        let position = try await harness.service.checkpoint()
        _ = try await harness.ingest(describe("ev-3"))
        _ = try await harness.ingest(describe("ev-4"))
        _ = try await harness.settled(opened.id)
        return position
    }

    private static func expectAllDuplicates(_ harness: ServiceHarness) async throws {
        #expect(try await harness.ingest(E.guardDutyFinding(id: "gd-1")).duplicates == 1)
        for id in 1...4 { #expect(try await harness.ingest(describe("ev-\(id)")) == IngestReceipt(accepted: 0, duplicates: 1, incidents: [])) }
    }

    @Test func recoveryFromACheckpointReplaysOnlyTheTailAndKeysStayDuplicatesAcrossRestarts() async throws {
        try await withTemporaryDirectory { directory in
            let position = try await Self.journalWithACheckpoint(directory)

            let restarted = try ServiceHarness(directory: directory)
            let report = try await restarted.service.recover()
            #expect(report.replayedFrom == position && report.fullReplayReason == nil)
            #expect(report.journalRecords == 2 && report.signalsReapplied == 0 && report.checkpointFailure == nil)
            #expect(report.checkpointDigests == 3)

            // Recovery wrote a checkpoint at the end: the next start replays nothing, and still knows every key.
            let again = try ServiceHarness(directory: directory)
            let second = try await again.service.recover()
            #expect(second.journalRecords == 0 && second.checkpointDigests == 5 && second.replayedFrom > position)
            try await Self.expectAllDuplicates(again)
            #expect(try await again.store.all().count == 1)
            try await again.settleAll()
        }
    }

    @Test func aCrashBetweenJournalAndIncidentAfterACheckpointIsReapplied() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await Self.journalWithACheckpoint(directory)
            do {
                // What a crash leaves: the record is durable (after the checkpoint), the incident was never saved.
                let crashed = try ServiceHarness(directory: directory)
                let record = IngestRecord(format: .events, receivedAt: testEpoch,
                                          body: E.guardDutyFinding(id: "gd-2", instanceId: "i-0fedcba9876543210"))
                _ = try await crashed.journal.append([record.encoded()])
            }
            // Another seed: the same clock and seed would make the first incident's ID again.
            let restarted = try ServiceHarness(directory: directory, seed: 99)
            let report = try await restarted.service.recover()
            #expect(report.fullReplayReason == nil && report.signalsReapplied == 1)
            let incidents = try await restarted.store.all()
            #expect(incidents.count == 2)
            #expect(incidents.contains { $0.target == .instanceId("i-0fedcba9876543210") })
            #expect(try await restarted.ingest(E.guardDutyFinding(id: "gd-2", instanceId: "i-0fedcba9876543210")).duplicates == 1)
            try await restarted.settleAll()
        }
    }

    @Test func aRequestWhoseIncidentSaveFailedHoldsCheckpointsBackUntilARestartAppliesIt() async throws {
        try await withTemporaryDirectory { directory in
            let harness = try ServiceHarness(directory: directory)
            _ = try await harness.service.recover()
            _ = try await harness.ingest(Self.describe("ev-1"))
            // The incident directory vanishing makes the save fail after the record was journaled.
            let incidents = directory.appendingPathComponent("incidents")
            let moved = directory.appendingPathComponent("incidents-gone")
            try FileManager.default.moveItem(at: incidents, to: moved)
            #expect(await domainErrorCode { _ = try await harness.ingest(E.guardDutyFinding(id: "gd-1")) } == .storageFailure)
            _ = try await harness.ingest(Self.describe("ev-2"))
            let position = try await harness.service.checkpoint()
            #expect(position < (await harness.journal.durableEnd))
            try FileManager.default.moveItem(at: moved, to: incidents)

            let restarted = try ServiceHarness(directory: directory, seed: 99)
            let report = try await restarted.service.recover()
            #expect(report.replayedFrom == position && report.journalRecords == 2 && report.signalsReapplied == 1)
            #expect(try await restarted.store.all().count == 1)
            try await restarted.settleAll()
        }
    }

    @Test(arguments: CheckpointDamage.allCases)
    func anUnusableCheckpointMeansAFullReplayWithTheSameResult(damage: CheckpointDamage) async throws {
        try await withTemporaryDirectory { directory in
            _ = try await Self.journalWithACheckpoint(directory)
            try damage.apply(to: directory.appendingPathComponent("journal"))

            let restarted = try ServiceHarness(directory: directory)
            let report = try await restarted.service.recover()
            #expect(report.fullReplayReason != nil && report.replayedFrom == .start)
            #expect(report.journalRecords == 5 && report.signalsReapplied == 0)
            try await Self.expectAllDuplicates(restarted)
            #expect(try await restarted.store.all().count == 1)
            try await restarted.settleAll()
        }
    }

    @Test func aCheckpointThatCannotBeWrittenLosesAndRefusesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let collected = TelemetryTests.Collected()
            // A checkpoint after every request; a non-empty directory where the file goes makes rename(2) fail.
            let harness = try ServiceHarness(directory: directory, telemetry: collected, checkpointInterval: 1)
            _ = try await harness.service.recover()
            let blocker = URL(fileURLWithPath: checkpointPath(directory.appendingPathComponent("journal")))
            try FileManager.default.createDirectory(at: blocker.appendingPathComponent("full"), withIntermediateDirectories: true)

            let opened = try #require(try await harness.ingest(E.guardDutyFinding(id: "gd-1")).incidents.first)
            for id in 1...4 { #expect(try await harness.ingest(Self.describe("ev-\(id)")).accepted == 1) }
            // Waits for the checkpoint the last request started, then fails too; no request starts another after.
            #expect(await domainErrorCode { try await harness.service.checkpoint() } == .storageFailure)
            #expect(collected.all.contains { if case .checkpointFailed = $0 { true } else { false } })
            _ = try await harness.settled(opened.id)

            try FileManager.default.removeItem(at: blocker)
            let restarted = try ServiceHarness(directory: directory)
            let report = try await restarted.service.recover()
            #expect(report.fullReplayReason == "no checkpoint" && report.journalRecords == 5)
            try await Self.expectAllDuplicates(restarted)
            try await restarted.settleAll()
        }
    }

    /// Checkpoints written while requests are in flight (one after every request) never cover a request whose
    /// effects are not saved, nor miss a key: after the "crash", every key is a duplicate and one incident exists.
    @Test func checkpointsDuringConcurrentIngestionLoseNothing() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let harness = try ServiceHarness(directory: directory, checkpointInterval: 1)
                _ = try await harness.service.recover()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for id in 0..<40 {
                        group.addTask {
                            _ = try await harness.ingest(id % 10 == 0 ? E.guardDutyFinding(id: "gd-\(id)") : Self.describe("ev-\(id)"))
                        }
                    }
                    group.addTask { _ = try await harness.service.checkpoint() }
                    try await group.waitForAll()
                }
                try await harness.settleAll()
                await harness.service.backgroundCheckpointFinished()
            }
            let restarted = try ServiceHarness(directory: directory, seed: 99)
            let report = try await restarted.service.recover()
            #expect(report.fullReplayReason == nil && report.signalsReapplied == 0)
            for id in 0..<40 {
                let body = id % 10 == 0 ? E.guardDutyFinding(id: "gd-\(id)") : Self.describe("ev-\(id)")
                #expect(try await restarted.ingest(body).duplicates == 1)
            }
            #expect(try await restarted.store.all().count == 1)
            try await restarted.settleAll()
        }
    }

    @Test func enoughJournalWritesACheckpointOffTheRequestPath() async throws {
        try await withTemporaryDirectory { directory in
            let harness = try ServiceHarness(directory: directory, checkpointInterval: 1)
            _ = try await harness.service.recover()
            _ = try await harness.ingest(Self.describe("ev-1"))
            await harness.service.backgroundCheckpointFinished()
            // Counted only now: opening a second journal on the directory removes temporary files, the running
            // checkpoint's included.
            #expect(try harness.journalRecords() == 1)
            let path = checkpointPath(directory.appendingPathComponent("journal"))
            let checkpoint = try JournalCheckpoint(decoding: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(checkpoint.digests.contains(DeduplicationDigest("cloudtrail:ev-1")))
        }
    }
}
