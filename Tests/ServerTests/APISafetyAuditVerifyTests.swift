import Domain
import Foundation
import Testing
@testable import Server

@Suite("cordon audit verify")
struct APISafetyAuditVerifyTests {
    /// Tampers of the kinds issue #6 names; each is applied to an intact log of 40 records.
    enum Tamper: CaseIterable { case flipByte, deleteLine, swapLines, truncate }

    @Test func everyOneOfAThousandRandomTampersIsDetected() async throws {
        let (log, head) = try await Self.intactLog(records: 40)
        #expect(AuditChain.verify(log, head: head, hash: AuditVerifyCommand.hash) == .intact(records: 40, head: head))
        var generator = SystemRandomNumberGenerator()
        let lines = AuditChain.lines(of: log).lines
        var undetected: [String] = []
        for round in 0..<1000 {
            let tamper = Tamper.allCases[round % Tamper.allCases.count]
            var bytes = [UInt8](log)
            switch tamper {
            case .flipByte:
                let offset = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
            case .deleteLine:
                var kept = lines
                kept.remove(at: Int.random(in: 0..<kept.count, using: &generator))
                bytes = Self.joined(kept)
            case .swapLines:
                var swapped = lines
                let first = Int.random(in: 0..<swapped.count, using: &generator)
                var second = Int.random(in: 0..<swapped.count - 1, using: &generator)
                if second >= first { second += 1 }
                swapped.swapAt(first, second)
                bytes = Self.joined(swapped)
            case .truncate:
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator))
            }
            if case .intact = AuditChain.verify(Data(bytes), head: head, hash: AuditVerifyCommand.hash) {
                undetected.append("round \(round): \(tamper)")
            }
        }
        #expect(undetected.isEmpty, "\(undetected.prefix(5))")
    }

    @Test func theCommandNamesTheFirstBadLineAndExitsOne() async throws {
        try await Self.withLogDirectory(records: 5) { directory in
            let path = directory.appendingPathComponent(AuditLog.logName).path
            #expect(AuditVerifyCommand(path: path).run().status == 0)
            var lines = AuditChain.lines(of: try Data(contentsOf: URL(fileURLWithPath: path))).lines
            lines.remove(at: 2)
            try Data(Self.joined(lines)).write(to: URL(fileURLWithPath: path))
            let (status, message) = AuditVerifyCommand(path: path).run()
            #expect(status == 1)
            #expect(message.contains("line 3:"), "\(message)")
        }
    }

    @Test func auditVerifyIsACommand() throws {
        #expect(try CordonConfiguration.parse(arguments: ["audit", "verify", "x.log"], environment: [:]) == .verifyAudit(path: "x.log"))
        #expect(try CordonConfiguration.parse(arguments: ["audit", "verify"], environment: ["CORDON_DATA_DIR": "/d"])
                == .verifyAudit(path: "/d/audit/audit.log"))
        #expect(throws: ConfigurationError.self) { try CordonConfiguration.parse(arguments: ["audit", "check"], environment: [:]) }
    }

    private static func joined(_ lines: [Data]) -> [UInt8] {
        lines.flatMap { [UInt8]($0) + [UInt8(ascii: "\n")] }
    }

    private static func intactLog(records: Int) async throws -> (Data, AuditHead) {
        try await withLogDirectory(records: records) { directory in
            let log = try Data(contentsOf: directory.appendingPathComponent(AuditLog.logName))
            let head = try StoreJSON.decoder().decode(
                AuditHead.self, from: Data(contentsOf: directory.appendingPathComponent(AuditLog.headName)))
            return (log, head)
        }
    }

    /// A directory with a live audit log of `records` entries (real SHA-256), removed after `body`.
    private static func withLogDirectory<Value>(records: Int, _ body: (URL) async throws -> Value) async throws -> Value {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cordon-audit-\(UUID().uuidString)")
        defer {
            do { try FileManager.default.removeItem(at: directory) } catch { Issue.record("cannot remove \(directory.path): \(error)") }
        }
        let log = try AuditLog(directory: directory, hash: AuditVerifyCommand.hash, clock: { APIFixtures.now })
        for index in 0..<records {
            try await log.append(AuditEntry(actor: AuditActor(name: "alice", role: "responder"), action: "incident.open",
                                            target: "inc-\(index)", parameters: ["target": "i-\(index)"],
                                            outcome: "succeeded", awsRequestIds: ["req-\(index)"]))
        }
        return try await body(directory)
    }
}
