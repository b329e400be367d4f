import Glibc
import Foundation
import Testing
@testable import Domain

/// Durable ingestion throughput through `IncidentService` (decode, dedup, one fsynced journal record per request,
/// rules) on the Invictus CloudTrail logs, posted by 8, 32 and 64 concurrent tasks. Prints rates; asserts only
/// that every record was accepted. Run with `scripts/bench-ingest.sh` (release mode, CORDON_BENCH=1).
///
/// Each round is a fresh service in a fresh directory (a second post of the same files would be duplicates,
/// which are not journaled); only the posting is timed. The machine is shared, so it prints the best round and
/// the median, and the process CPU time per record.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CORDON_BENCH"] != nil), .serialized)
struct ServiceIngestBenchmark {
    private static let rounds = 15

    @Test(arguments: [8, 32, 64])
    func durableRecordsPerSecond(concurrency: Int) async throws {
        let files = try IngestionFixtures.sampleFiles()
            .filter { $0.hasPrefix("cloudtrail/invictus_aws_dataset/") && $0.hasSuffix(".json") }
            .map(IngestionFixtures.data)
        let clock = ContinuousClock()
        var seconds: [Double] = []
        var records = 0
        var cpuSeconds = 0.0
        for _ in 0..<Self.rounds {
            try await withTemporaryDirectory { directory in
                let harness = try ServiceHarness(directory: directory, cloud: FakeCloudResponder())
                _ = try await harness.service.recover()
                let cpuStart = Self.processCPUSeconds()
                let start = clock.now
                let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                    for worker in 0..<concurrency {
                        group.addTask {
                            var accepted = 0
                            for index in stride(from: worker, to: files.count, by: concurrency) {
                                accepted += try await harness.service.ingest(files[index], format: .events,
                                                                              receivedAt: testEpoch).accepted
                            }
                            return accepted
                        }
                    }
                    return try await group.reduce(0, +)
                }
                let elapsed = start.duration(to: clock.now)
                cpuSeconds += Self.processCPUSeconds() - cpuStart
                seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                records = accepted
                try await harness.settleAll()
            }
        }
        #expect(records >= 2_900)
        let sorted = seconds.sorted()
        print(String(
            format: "bench-ingest: %2d concurrent tasks, %d records in %d requests per round; best round %.0f records/s, "
                + "median %.0f records/s; CPU time %.0f records/s over %d rounds",
            concurrency, records, files.count, Double(records) / sorted[0], Double(records) / sorted[sorted.count / 2],
            Double(records * Self.rounds) / cpuSeconds, Self.rounds))
    }

    private static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
