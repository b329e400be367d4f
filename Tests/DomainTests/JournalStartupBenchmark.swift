import Foundation
import Testing
@testable import Domain

/// Writes a data directory whose journal holds N CloudTrail events (default 200,000), ingested through the real
/// `IncidentService` (16 concurrent requests of 50 records, fsynced group commits, checkpoints as the service writes
/// them), for `scripts/bench-journal-startup.sh` to time `cordon`'s startup on. Enabled by
/// CORDON_BENCH_JOURNAL_DIR; CORDON_BENCH_JOURNAL_EVENTS sets N.
///
/// The records are the Invictus CloudTrail logs' that the default rules only record (no incident), each posted
/// with a fresh eventID, so the startup measured is the journal's alone. The process ends without a last
/// checkpoint, as a crash would.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CORDON_BENCH_JOURNAL_DIR"] != nil))
struct JournalStartupBenchmark {
    @Test func writeJournalOfCloudTrailEvents() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: try #require(environment["CORDON_BENCH_JOURNAL_DIR"]))
        let count = environment["CORDON_BENCH_JOURNAL_EVENTS"].flatMap { Int($0) } ?? 200_000
        let records = try Self.recordedOnlyRecords()
        #expect(records.count > 1_000)

        let harness = try ServiceHarness(directory: directory, cloud: FakeCloudResponder())
        _ = try await harness.service.recover()
        var written = 0
        var requests = 0
        while written < count {
            // One wave of up to 16 requests of 50 records, posted concurrently.
            var bodies: [Data] = []
            let before = written
            while bodies.count < 16 && written < count {
                let size = min(50, count - written)
                let batch = (0..<size).map { offset -> [String: Any] in
                    var record = records[(written + offset) % records.count]
                    record["eventID"] = "bench-\(written + offset)"
                    return record
                }
                bodies.append(try JSONSerialization.data(withJSONObject: ["Records": batch]))
                written += size
            }
            requests += bodies.count
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for body in bodies {
                    group.addTask { try await harness.service.ingest(body, format: .events, receivedAt: testEpoch).accepted }
                }
                return try await group.reduce(0, +)
            }
            #expect(accepted == written - before)
        }
        #expect(try await harness.store.all().isEmpty)
        let journal = directory.appendingPathComponent("journal")
        let bytes = try FileManager.default.contentsOfDirectory(atPath: journal.path).reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: journal.appendingPathComponent(name).path)[.size]
                as? Int) ?? 0)
        }
        let checkpoint = try JournalCheckpoint(decoding: Data(contentsOf: URL(fileURLWithPath: checkpointPath(journal))))
        print("bench-journal-startup: \(written) events in \(requests) requests; journal \(bytes / 1_048_576) MiB; "
              + "last checkpoint at \(checkpoint.position) with \(checkpoint.digests.count) keys, journal end "
              + "\(await harness.journal.durableEnd)")
    }

    /// Every Invictus CloudTrail record that the default rules only record.
    private static func recordedOnlyRecords() throws -> [[String: Any]] {
        let decoder = EventDecoder()
        var kept: [[String: Any]] = []
        for file in IngestionFixtures.sampleFiles().sorted()
        where file.hasPrefix("cloudtrail/invictus_aws_dataset/") && file.hasSuffix(".json") {
            let object = try JSONSerialization.jsonObject(with: IngestionFixtures.data(file)) as? [String: Any]
            for record in object?["Records"] as? [[String: Any]] ?? [] {
                let body = try JSONSerialization.data(withJSONObject: ["Records": [record]])
                let actionable = try decoder.decode(body, receivedAt: testEpoch).contains { signal in
                    if case .openOrJoin = RuleSet.defaults.evaluate(signal).outcome { return true }
                    return false
                }
                if !actionable { kept.append(record) }
            }
        }
        return kept
    }
}
