import Foundation
import Testing
@testable import Domain

/// `JournalCheckpoint`, `DeduplicationDigest` and how `EventJournal` opens with a checkpoint.
@Suite struct PersistenceJournalCheckpointTests {
    /// Reference values from the `mmh3` Python package (`mmh3.hash64(key, 0, signed=False)`), which wraps Austin
    /// Appleby's MurmurHash3_x64_128: empty, one byte, exactly one block, a block and a byte, a real key.
    @Test(arguments: [
        ("", 0x0, 0x0),
        ("a", 0x8555_5565_F659_7889, 0xE6B5_3A48_510E_895A),
        ("0123456789abcdef", 0x4BE0_6D94_CF4A_D1A7, 0x87C3_5B5C_63A7_08DA),
        ("0123456789abcdefg", 0x8E32_612D_AA45_F9DE, 0x0800_F4C2_06C3_72EE),
        ("hello world!", 0x5AA8_0377_FE21_BBE3, 0xEDF5_6B14_20CE_A7E7),
        ("cloudtrail:3f2a1c9e-0d4b-4e8a-9b7c-1a2b3c4d5e6f", 0xA3D1_755A_19F4_F7FC, 0xABEC_0011_CA79_0069),
    ] as [(String, UInt64, UInt64)])
    func digestIsMurmurHash3x64_128(key: String, high: UInt64, low: UInt64) {
        #expect(DeduplicationDigest(key) == DeduplicationDigest(high: high, low: low))
    }

    @Test func aCheckpointRoundTripsThroughItsBytes() throws {
        let checkpoint = JournalCheckpoint(position: JournalPosition(segment: 3, offset: 4_096),
                                           digests: (0..<100).map { DeduplicationDigest("key-\($0)") })
        let bytes = checkpoint.encoded()
        #expect(bytes.count == 36 + 100 * 16 + 4)
        #expect(try JournalCheckpoint(decoding: bytes) == checkpoint)
    }

    @Test(arguments: [CheckpointDamage.truncated, .flippedByte, .otherVersion, .empty])
    func aDamagedCheckpointFileIsRefusedWhenDecoded(damage: CheckpointDamage) async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            _ = try await journal.append([payload(0)])
            try await journal.writeCheckpoint(JournalCheckpoint(position: await journal.durableEnd,
                                                                digests: [DeduplicationDigest("k")]))
            try damage.apply(to: directory)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: checkpointPath(directory)))
            let error = await domainError { _ = try JournalCheckpoint(decoding: bytes) }
            #expect(error?.code == .corruptStore)
        }
    }

    @Test func openingWithACheckpointReplaysOnlyTheRecordsFromItsPosition() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            for index in 0..<6 { _ = try await journal.append([payload(index, size: 40)]) }
            let position = await journal.durableEnd
            let digests = (0..<6).map { DeduplicationDigest("key-\($0)") }
            try await journal.writeCheckpoint(JournalCheckpoint(position: position, digests: digests))
            for index in 6..<9 { _ = try await journal.append([payload(index, size: 40)]) }

            let reopened = try EventJournal(directory: directory, segmentSizeLimit: 100)
            #expect(reopened.recovery.fullReplayReason == nil)
            #expect(reopened.recovery.verifiedFrom == position && reopened.recovery.checkpointDigests == 6)
            let checkpoint = try #require(await reopened.takeOpenedCheckpoint())
            #expect(checkpoint.position == position && checkpoint.digests == digests)
            #expect(await reopened.takeOpenedCheckpoint() == nil)
            var tail: [Data] = []
            try reopened.replay(from: checkpoint.position) { tail.append($0.payload) }
            #expect(tail == (6..<9).map { payload($0, size: 40) })
        }
    }

    /// The durable end after a segment filled up is the end of that (now sealed) segment: a valid checkpoint.
    @Test func aCheckpointAtTheEndOfASealedSegmentIsUsed() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            for index in 0..<2 { _ = try await journal.append([payload(index, size: 40)]) }
            let position = await journal.durableEnd
            #expect(position.segment == 1 && position.offset > 0)
            try await journal.writeCheckpoint(JournalCheckpoint(position: position, digests: []))
            _ = try await journal.append([payload(2, size: 40)])  // goes to segment 2

            let reopened = try EventJournal(directory: directory, segmentSizeLimit: 100)
            #expect(reopened.recovery.fullReplayReason == nil && reopened.recovery.verifiedFrom == position)
            var tail: [Data] = []
            try reopened.replay(from: position) { tail.append($0.payload) }
            #expect(tail == [payload(2, size: 40)])
        }
    }

    @Test(arguments: CheckpointDamage.allCases)
    func anUnusableCheckpointMeansAFullReplayNotARefusedStart(damage: CheckpointDamage) async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            for index in 0..<3 { _ = try await journal.append([payload(index)]) }
            try await journal.writeCheckpoint(JournalCheckpoint(position: await journal.durableEnd, digests: []))
            try damage.apply(to: directory)

            let reopened = try EventJournal(directory: directory)
            #expect(reopened.recovery.fullReplayReason != nil)
            #expect(reopened.recovery.verifiedFrom == .start && reopened.recovery.records == 3)
            #expect(await reopened.takeOpenedCheckpoint() == nil)
        }
    }

    /// Segments wholly before the checkpoint are not read at startup (their records are never read again); damage
    /// from the checkpoint on still stops startup, as DESIGN.md requires of the records that are replayed.
    @Test func onlyDamageFromTheCheckpointOnStopsStartup() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory, segmentSizeLimit: 100)
            for index in 0..<4 { _ = try await journal.append([payload(index, size: 40)]) }
            try await journal.writeCheckpoint(JournalCheckpoint(position: await journal.durableEnd, digests: []))
            for index in 4..<8 { _ = try await journal.append([payload(index, size: 40)]) }
            try rewrite(segmentPath(directory, 1)) { $0[10] ^= 0xFF }
            #expect(try EventJournal(directory: directory, segmentSizeLimit: 100).recovery.fullReplayReason == nil)

            try rewrite(segmentPath(directory, 3)) { $0[10] ^= 0xFF }
            let error = await domainError { _ = try EventJournal(directory: directory, segmentSizeLimit: 100) }
            #expect(error?.code == .corruptStore)
        }
    }

    @Test func aCheckpointPastTheDurableEndIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            _ = try await journal.append([payload(0)])
            let end = await journal.durableEnd
            let error = await domainError {
                try await journal.writeCheckpoint(JournalCheckpoint(position: JournalPosition(segment: end.segment,
                                                                                              offset: end.offset + 1),
                                                                    digests: []))
            }
            #expect(error?.code == .invalidInput)
            #expect(!FileManager.default.fileExists(atPath: checkpointPath(directory)))
        }
    }

    @Test func aTemporaryFileLeftByACrashedCheckpointWriteIsRemoved() async throws {
        try await withTemporaryDirectory { directory in
            _ = try EventJournal(directory: directory)
            let leftover = directory.appendingPathComponent(".checkpoint.\(UUID().uuidString).tmp")
            try Data("partial".utf8).write(to: leftover)
            _ = try EventJournal(directory: directory)
            #expect(!FileManager.default.fileExists(atPath: leftover.path))
        }
    }
}
