#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceJournalStopTests {
    /// Found by scripts/durability-order.sh: after an fsync failure that could not be undone the journal refused every
    /// event while `/readyz` still said ready. `hasStopped` is what `/readyz` now reads.
    @Test func aFailureThatCannotBeUndoneStopsTheJournalAndSaysSo() async throws {
        try await withTemporaryDirectory { directory in
            let journal = try EventJournal(directory: directory)
            _ = try await journal.append([payload(0)])
            #expect(await journal.hasStopped == false)

            // The journal's own descriptor on its segment, found through /proc: swapped for a read-only one, its
            // write(2) fails with EBADF and so does the ftruncate(2) that would undo it.
            let segment = JournalSegment(index: 1, directory: directory.standardizedFileURL.path).path
            let descriptor = try #require(try Self.descriptor(openOn: segment))
            let readOnly = Glibc.open(segment, O_RDONLY)
            #expect(dup2(readOnly, descriptor) == descriptor)
            #expect(Glibc.close(readOnly) == 0)

            await #expect(throws: DomainError.self) { try await journal.append([payload(1)]) }
            #expect(await journal.hasStopped)
        }
    }

    /// The lowest descriptor of this process open on `path` (readlink(2) on /proc/self/fd).
    private static func descriptor(openOn path: String) throws -> Int32? {
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        return entries.compactMap(Int32.init).sorted().first { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == path
        }
    }
}
