import Foundation
import Testing
@testable import Domain

@Suite("Audit log")
struct AuditLogTests {
    @Test func appendsChainedRecordsThatVerify() async throws {
        try await withTemporaryDirectory { directory in
            let log = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
            let first = try await log.append(auditEntry("incident.open"))
            let second = try await log.append(auditEntry("incident.approve"))
            #expect(first.seq == 1 && first.prev == AuditRecord.genesis)
            #expect(second.seq == 2)
            let (bytes, head) = try readLog(directory)
            let lines = AuditChain.lines(of: bytes).lines
            #expect(second.prev == testDigest(lines[0]))
            #expect(AuditChain.verify(bytes, head: head, hash: testDigest) == .intact(records: 2, head: head))
            #expect(head == AuditHead(seq: 2, hash: testDigest(lines[1])))
        }
    }

    @Test func concurrentAppendsGetDistinctSequenceNumbersInOneUnbrokenChain() async throws {
        try await withTemporaryDirectory { directory in
            let log = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
            let seqs = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<64 { group.addTask { try await log.append(auditEntry("step.\(index)")).seq } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seqs.sorted() == Array(1...64))
            let (bytes, head) = try readLog(directory)
            #expect(AuditChain.verify(bytes, head: head, hash: testDigest) == .intact(records: 64, head: head))
        }
    }

    @Test func reopeningContinuesTheChain() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let log = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
                try await log.append(auditEntry("incident.open"))
            }
            let reopened = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
            let record = try await reopened.append(auditEntry("incident.close"))
            #expect(record.seq == 2)
            let (bytes, head) = try readLog(directory)
            #expect(AuditChain.verify(bytes, head: head, hash: testDigest) == .intact(records: 2, head: head))
        }
    }

    @Test func aTornLastLinePastTheHeadIsCutOffOnOpening() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let log = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
                try await log.append(auditEntry("incident.open"))
            }
            let path = directory.appendingPathComponent(AuditLog.logName)
            let handle = try FileHandle(forWritingTo: path)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"prev":"00"#.utf8))
            try handle.close()
            let reopened = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
            #expect(try await reopened.append(auditEntry("incident.close")).seq == 2)
            let (bytes, head) = try readLog(directory)
            #expect(AuditChain.verify(bytes, head: head, hash: testDigest) == .intact(records: 2, head: head))
        }
    }

    @Test func aChangedRecordStopsOpening() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let log = try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read)
                try await log.append(auditEntry("incident.open"))
                try await log.append(auditEntry("incident.close"))
            }
            let path = directory.appendingPathComponent(AuditLog.logName)
            let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "incident.open", with: "incident.opem")
            try Data(text.utf8).write(to: path)
            #expect(throws: DomainError.self) { try AuditLog(directory: directory, hash: testDigest, clock: TestClock().read) }
        }
    }

    @Test(arguments: [
        ("", "an empty log without a head", true),
        ("{}\n", "a line that is not a record", false),
    ])
    func verifiesSmallLogs(text: String, label: String, intact: Bool) {
        let verdict = AuditChain.verify(Data(text.utf8), head: nil, hash: testDigest)
        if case .intact = verdict { #expect(intact, "\(label)") } else { #expect(!intact, "\(label)") }
    }
}
