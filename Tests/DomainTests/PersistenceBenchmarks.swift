import Foundation
import Testing
@testable import Domain

/// A numeric benchmark setting from the environment.
private func benchmarkSetting(_ name: String) -> Int? {
    ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
}

/// Throughput and startup measurements, run by `scripts/bench-journal.sh` and `scripts/bench-store.sh` in release
/// mode. They print rates and check that every record or document came back; they assert no timing.
@Suite(.serialized, .enabled(if: benchmarkSetting("CORDON_BENCH") == 1))
struct PersistenceBenchmarks {
    /// Appenders each append `CORDON_BENCH_BATCHES` batches of `CORDON_BENCH_BATCH` 1 KiB records.
    @Test func journalAppendRate() async throws {
        let appenders = benchmarkSetting("CORDON_BENCH_APPENDERS") ?? 64
        let batchSize = benchmarkSetting("CORDON_BENCH_BATCH") ?? 100
        let batches = benchmarkSetting("CORDON_BENCH_BATCHES") ?? 20
        let record = Data(repeating: UInt8(ascii: "r"), count: 1024)
        let batch = Array(repeating: record, count: batchSize)
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<appenders {
                        group.addTask { for _ in 0..<batches { _ = try await journal.append(batch) } }
                    }
                    try await group.waitForAll()
                }
            }
            let total = appenders * batchSize * batches
            print("journal: \(appenders) appenders x \(batches) batches of \(batchSize) x 1 KiB records: "
                + "\(total) records durable in \(Self.seconds(elapsed)) s = \(Self.rate(total, elapsed)) records/s")

            let reopened = try EventJournal(directory: directory)
            #expect(reopened.recovery.records == total)
            var replayed = 0
            let replayTime = try clock.measure { try reopened.replay { _ in replayed += 1 } }
            print("journal: open+verify and replay of \(total) records: replay \(Self.seconds(replayTime)) s")
            #expect(replayed == total)
        }
    }

    /// `CORDON_BENCH_DOCS` documents of about 2 KB: concurrent put rate, then the startup load of all of them.
    @Test func documentStoreWriteAndLoad() async throws {
        let count = benchmarkSetting("CORDON_BENCH_DOCS") ?? 10_000
        let puts = min(count, benchmarkSetting("CORDON_BENCH_PUTS") ?? 5_000)
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory)
            let clock = ContinuousClock()
            let writeTime = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<64 {
                        group.addTask {
                            for index in stride(from: worker, to: puts, by: 64) {
                                let id = "inc-\(index)"
                                try await store.put(.make(id: id, version: index, stepCount: 11), id: id)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            print("store: \(puts) durable puts (64 concurrent) in \(Self.seconds(writeTime)) s = "
                + "\(Self.rate(puts, writeTime)) puts/s")

            // The rest are written without fsync: only the load is measured here.
            let encoder = StoreJSON.encoder()
            var bytes = 0
            for index in puts..<count {
                let id = "inc-\(index)"
                let data = try encoder.encode(PersistenceSample.make(id: id, version: index, stepCount: 11))
                bytes += data.count
                try data.write(to: directory.appendingPathComponent("\(id).json"))
            }
            let before = try Self.memory()
            let cpuBefore = Self.cpuSeconds()
            let loaded = try DocumentStore<PersistenceSample>(directory: directory)
            var documents = 0
            // Every document fully decoded with JSONDecoder: the baseline the incident store's summary scan avoids.
            let loadTime = try await clock.measure { documents = try await loaded.scan(decodeSample).count }
            let cpu = Self.cpuSeconds() - cpuBefore
            let after = try Self.memory()
            print("store: scan with a full decode of \(count) documents (~\(bytes / max(1, count - puts)) bytes each) in "
                + "\(Self.seconds(loadTime)) s (\(String(format: "%.2f", cpu)) s CPU) on "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores; "
                + "RSS \(before.rss) -> \(after.rss) MiB, peak \(after.peak) MiB")
            #expect(documents == count)
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private static func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }

    /// User plus system CPU time of this process so far (getrusage(2)), to tell cost from contention.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Resident and peak resident memory of this process in MiB, from /proc/self/status (proc(5)).
    private static func memory() throws -> (rss: Int, peak: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
