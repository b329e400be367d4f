import Foundation
import Testing
@testable import Domain

/// Writes the stored incidents `scripts/bench-startup.sh` starts `cordon` on: `CORDON_BENCH_STARTUP_COUNT` copies
/// of a contained incident made by the real service (13 steps, evidence, signals, timeline) into
/// `$CORDON_BENCH_STARTUP_DIR/incidents`. Plain writes without fsync: only the startup is measured.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CORDON_BENCH_STARTUP_DIR"] != nil))
struct StartupBenchmark {
    @Test func writeStoredIncidents() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: try #require(environment["CORDON_BENCH_STARTUP_DIR"]))
            .appendingPathComponent("incidents")
        let count = environment["CORDON_BENCH_STARTUP_COUNT"].flatMap { Int($0) } ?? 100_000
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let model = try await StartupIncidents.contained()
        let encoder = StoreJSON.encoder()
        var bytes = 0
        for index in 0..<count {
            let incident = StartupIncidents.copy(of: model, index: index)
            let data = try encoder.encode(incident)
            bytes += data.count
            try data.write(to: directory.appendingPathComponent("\(incident.id).json"))
        }
        print("startup: wrote \(count) incidents of \(model.steps.count) steps, \(bytes / max(1, count)) bytes each on "
            + "average, to \(directory.path)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == count)
    }
}
