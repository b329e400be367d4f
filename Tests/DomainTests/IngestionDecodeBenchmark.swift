import Glibc
import Foundation
import Testing
@testable import Domain

/// Decode throughput on the Invictus CloudTrail logs. Prints rates; asserts only that every record decoded.
/// Run with `scripts/bench-decode.sh` (release mode, CORDON_BENCH=1). The machine is shared, so it prints the
/// best round's wall-clock rate and the rate per second of this thread's CPU time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CORDON_BENCH"] != nil))
struct IngestionDecodeBenchmark {
    @Test func cloudTrailRecordsPerSecond() throws {
        let files = try IngestionFixtures.sampleFiles()
            .filter { $0.hasPrefix("cloudtrail/invictus_aws_dataset/") && $0.hasSuffix(".json") }
            .map(IngestionFixtures.data)
        let megabytes = Double(files.reduce(0) { $0 + $1.count }) / 1e6
        let decoder = EventDecoder()
        let clock = ContinuousClock()
        var bestSeconds = Double.infinity
        var records = 0
        let cpuStart = Self.threadCPUSeconds()
        let rounds = 20
        for _ in 0..<rounds {
            var roundRecords = 0
            let elapsed = try clock.measure {
                for file in files {
                    roundRecords += try decoder.decode(file, receivedAt: IngestionFixtures.receivedAt).count
                }
            }
            records = roundRecords
            bestSeconds = min(bestSeconds, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let cpuSeconds = Self.threadCPUSeconds() - cpuStart
        #expect(records >= 2_900)
        print(String(
            format: "bench-decode: %d records (%.1f MB) per round; best round %.0f records/s (%.0f MB/s); CPU time %.0f records/s over %d rounds",
            records, megabytes, Double(records) / bestSeconds, megabytes / bestSeconds,
            Double(records * rounds) / cpuSeconds, rounds))
    }

    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
