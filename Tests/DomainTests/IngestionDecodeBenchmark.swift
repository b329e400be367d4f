import Foundation
import Testing
@testable import Domain

/// Decode throughput on the Invictus CloudTrail logs. Prints the rate; asserts only that every record decoded.
/// Run with `scripts/bench-decode.sh` (release mode, CORDON_BENCH=1).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CORDON_BENCH"] != nil))
struct IngestionDecodeBenchmark {
    @Test func cloudTrailRecordsPerSecond() throws {
        let files = try IngestionFixtures.sampleFiles()
            .filter { $0.hasPrefix("cloudtrail/invictus_aws_dataset/") && $0.hasSuffix(".json") }
            .map(IngestionFixtures.data)
        let bytes = files.reduce(0) { $0 + $1.count }
        let decoder = EventDecoder()
        let rounds = 20
        var records = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<rounds {
                for file in files {
                    records += try decoder.decode(file, receivedAt: IngestionFixtures.receivedAt).count
                }
            }
        }
        #expect(records == rounds * 2_900 || records > rounds * 2_800)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(
            format: "bench-decode: %d records (%d files x %d rounds, %.1f MB) in %.3f s = %.0f records/s, %.1f MB/s",
            records, files.count, rounds, Double(bytes * rounds) / 1e6, seconds, Double(records) / seconds,
            Double(bytes * rounds) / 1e6 / seconds))
    }
}
