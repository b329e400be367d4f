import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceEventJournalTests {
    @Test func roundTripAcrossReopenInOrderWithPositions() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            #expect(journal.recovery.records == 0)
            #expect(journal.recovery.droppedTail == nil)
            let first = try await journal.append([payload(0), payload(1)])
            let second = try await journal.append([payload(2)])
            #expect(first < second)
            #expect(try await journal.append([]) == second)

            let records = try replayAll(directory)
            #expect(records.map(\.payload) == [payload(0), payload(1), payload(2)])
            #expect(records[1].position == first)
            #expect(records[2].position == second)
            #expect(FileManager.default.fileExists(atPath: segmentPath(directory, 1)))

            let reopened = try EventJournal(directory: directory)
            #expect(reopened.recovery.records == 3)
            #expect(reopened.recovery.lastRecord == second)
            var later: [Data] = []
            try reopened.replay(from: second) { later.append($0.payload) }
            #expect(later == [payload(2)])
        }
    }

    /// Many tasks appending at once all get durable positions, and every record comes back exactly once.
    @Test func groupCommitWithManyConcurrentAppenders() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            let positions = try await withThrowingTaskGroup(of: [JournalPosition].self) { group in
                for appender in 0..<64 {
                    group.addTask {
                        var positions: [JournalPosition] = []
                        for round in 0..<20 {
                            let base = (appender * 20 + round) * 2
                            positions.append(try await journal.append([payload(base), payload(base + 1)]))
                        }
                        return positions
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(positions).count == 64 * 20)

            let records = try replayAll(directory)
            #expect(records.count == 64 * 20 * 2)
            #expect(Set(records.map(\.payload)) == Set((0..<(64 * 20 * 2)).map { payload($0) }))
            // Each batch is contiguous: its first record directly precedes the record at its returned position.
            let byPosition = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.position, $0) })
            for position in positions {
                let index = try #require(byPosition[position])
                #expect(records[index - 1].payload == payload(Self.index(of: records[index].payload) - 1))
            }
        }
    }

    /// Bytes of a write a crash interrupted, appended by hand after three intact records.
    @Test(arguments: [
        ("a partial header", [UInt8]([0x10, 0x00, 0x00])),
        ("a header with part of its payload", [UInt8]([0x10, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD]) + Array("eve".utf8)),
        ("zeros of an unwritten block", [UInt8](repeating: 0, count: 64)),
    ])
    func recoveryDropsATornTailAndKeepsTheRest(name: String, torn: [UInt8]) async throws {
        try await withTemporaryDirectory { directory in
            let intactLength = try await Self.journalWithThreeRecords(directory)
            try rewrite(segmentPath(directory, 1)) { $0 += torn }

            let journal = try EventJournal(directory: directory)
            let dropped = try #require(journal.recovery.droppedTail)
            #expect(dropped.file == segmentPath(directory, 1))
            #expect(dropped.offset == intactLength)
            #expect(dropped.bytes == torn.count)
            #expect(journal.recovery.records == 3)
            #expect(try FileManager.default.attributesOfItem(atPath: segmentPath(directory, 1))[.size] as? Int == intactLength)

            _ = try await journal.append([payload(3)])
            #expect(try replayAll(directory).map(\.payload) == (0..<4).map { payload($0) })
        }
    }

    /// A complete last record whose checksum fails is a torn write too (the size was extended, the data not).
    @Test func recoveryDropsALastRecordWithABadChecksum() async throws {
        try await withTemporaryDirectory { directory in
            let length = try await Self.journalWithThreeRecords(directory)
            try rewrite(segmentPath(directory, 1)) { $0[length - 1] ^= 0x01 }
            let journal = try EventJournal(directory: directory)
            #expect(journal.recovery.droppedTail?.reason.hasPrefix("checksum mismatch") == true)
            #expect(try replayAll(directory).map(\.payload) == [payload(0), payload(1)])
        }
    }

    @Test func aFlippedByteInTheMiddleStopsStartupNamingFileAndOffset() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await Self.journalWithThreeRecords(directory)
            let secondRecord = JournalFrame.headerSize + payload(0).count
            try rewrite(segmentPath(directory, 1)) { $0[secondRecord + JournalFrame.headerSize + 2] ^= 0x40 }
            let error = await domainError { _ = try EventJournal(directory: directory) }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix("\(segmentPath(directory, 1)) at offset \(secondRecord): checksum mismatch") == true)
        }
    }

    @Test func rotatesAtTheSizeLimitAndReplaysAcrossSegments() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            var positions: [JournalPosition] = []
            for index in 0..<10 { positions.append(try await journal.append([payload(index, size: 40)])) }
            #expect(positions.map(\.segment) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
            #expect(positions == positions.sorted())

            let records = try replayAll(directory, segmentSizeLimit: 100)
            #expect(records.map(\.payload) == (0..<10).map { payload($0, size: 40) })
            #expect(records.map(\.position) == positions)
            var afterFifth: [Data] = []
            try EventJournal(directory: directory, segmentSizeLimit: 100).replay(from: positions[5]) { afterFifth.append($0.payload) }
            #expect(afterFifth == (5..<10).map { payload($0, size: 40) })
        }
    }

    /// Only the last segment can hold a torn write: damage at the end of an earlier one is corruption.
    @Test func damageAtTheEndOfAnEarlierSegmentIsCorruption() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            for index in 0..<4 { _ = try await journal.append([payload(index, size: 40)]) }
            try rewrite(segmentPath(directory, 1)) { $0[$0.count - 1] ^= 0x01 }
            let error = await domainError { _ = try EventJournal(directory: directory, segmentSizeLimit: 100) }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(segmentPath(directory, 1)) == true)
        }
    }

    @Test func aMissingSegmentStopsStartup() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            for index in 0..<6 { _ = try await journal.append([payload(index, size: 40)]) }
            try FileManager.default.removeItem(atPath: segmentPath(directory, 2))
            let error = await domainError { _ = try EventJournal(directory: directory, segmentSizeLimit: 100) }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.contains("segment 00000002.log is missing") == true)
        }
    }

    @Test func aJournalDirectoryUnderAFileFailsWithStorageFailure() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("data")
            try Data().write(to: file)
            let error = await domainError { _ = try EventJournal(directory: file.appendingPathComponent("journal")) }
            #expect(error?.code == .storageFailure)
        }
    }

    @Test func replayFromAPositionPastTheEndYieldsNothing() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await Self.journalWithThreeRecords(directory)
            var seen = 0
            try EventJournal(directory: directory).replay(from: JournalPosition(segment: 9, offset: 0)) { _ in seen += 1 }
            #expect(seen == 0)
        }
    }

    @Test(arguments: [
        ("00000001.log", 1), ("00000042.log", 42), ("123456789.log", 123_456_789),
        ("+0000001.log", nil), ("000000001.log", nil), ("00000000.log", nil), ("0000001.log", nil),
        ("00000001.log.tmp", nil), ("notes.txt", nil),
    ] as [(String, Int?)])
    func segmentFileNames(name: String, index: Int?) {
        #expect(JournalSegment.index(ofFileName: name) == index)
    }

    /// Writes records 0, 1, 2 in separate appends and returns the segment's length.
    private static func journalWithThreeRecords(_ directory: URL) async throws -> Int {
        let journal = try EventJournal(directory: directory)
        for index in 0..<3 { _ = try await journal.append([payload(index)]) }
        return (0..<3).reduce(0) { $0 + JournalFrame.headerSize + payload($1).count }
    }

    private static func index(of payload: Data) -> Int {
        Int(String(decoding: payload, as: UTF8.self).dropFirst("event-".count)) ?? -1
    }
}
