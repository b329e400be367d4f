#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceJournalTailTests {
    /// A write that fails (here: its descriptor is swapped for a read-only one, so write(2) gives EBADF) is
    /// reported for every entry, nothing reaches the file, and since the undo fails too, later writes are refused.
    @Test func aFailedWriteIsNotAcknowledgedAndStopsLaterWrites() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            _ = try await journal.append([payload(0)])
            let segment = JournalSegment(index: 1, directory: directory.path)
            let length = JournalFrame.headerSize + payload(0).count
            var tail = try JournalTail(directory: directory.path, segmentSizeLimit: 1 << 20, segment: segment, length: length)
            // dup2 rather than close: a closed descriptor number could be reused by a test running in parallel.
            let readOnly = Glibc.open(segment.path, O_RDONLY)
            #expect(dup2(readOnly, tail.file.descriptor) == tail.file.descriptor)
            #expect(Glibc.close(readOnly) == 0)

            let entry = try Self.entry([payload(1)])
            let results = tail.write([entry, entry])
            #expect(results.count == 2)
            for result in results {
                #expect(throws: DomainError.self) { try result.get() }
            }
            if case .failure(let error) = results[0] {
                #expect(error.code == .storageFailure)
                #expect(error.message.hasPrefix(segment.path + ": Bad file descriptor"))
            }
            let later = tail.write([entry])
            if case .failure(let error) = later[0] {
                #expect(error.message.contains("the journal stopped accepting events"))
            } else {
                Issue.record("a write after an unrecoverable failure was acknowledged")
            }
            tail.close()
            #expect(try replayAll(directory).map(\.payload) == [payload(0)])
        }
    }

    /// An entry that does not fit the current segment starts the next one, and positions follow.
    @Test func writesRotateBetweenEntriesNeverWithinOne() async throws {
        try await withTemporaryDirectory { directory in
            _ = try EventJournal(directory: directory)
            let segment = JournalSegment(index: 1, directory: directory.path)
            var tail = try JournalTail(directory: directory.path, segmentSizeLimit: 60, segment: segment, length: 0)
            let pair = try Self.entry([payload(0, size: 20), payload(1, size: 20)])
            let results = tail.write([pair, pair, pair])
            let positions = try results.map { try $0.get() }
            #expect(positions == [
                JournalPosition(segment: 1, offset: 28), JournalPosition(segment: 2, offset: 28),
                JournalPosition(segment: 3, offset: 28),
            ])
            tail.close()
            #expect(try replayAll(directory).count == 6)
        }
    }

    private static func entry(_ payloads: [Data]) throws -> JournalTail.Entry {
        let (bytes, lastFrameOffset) = try JournalFrame.encode(payloads)
        return JournalTail.Entry(bytes: bytes, lastFrameOffset: lastFrameOffset)
    }
}
