#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

/// The segment the journal appends to, and the blocking writes and fsyncs of one group commit.
///
/// Only one group commit runs at a time: `EventJournal` hands this value to its serial queue and takes the
/// updated value back, so the descriptor is never used by two threads at once.
struct JournalTail: Sendable {
    /// The frames of one `append` call.
    struct Entry: Sendable {
        /// The encoded frames.
        var bytes: [UInt8]
        /// Where the last frame starts within `bytes`.
        var lastFrameOffset: Int
    }

    /// The journal directory.
    let directory: String
    /// The size after which the next append goes to a new segment.
    let segmentSizeLimit: Int
    /// The open segment.
    private(set) var segment: JournalSegment
    /// Its descriptor, opened for appending.
    private(set) var file: POSIXFile
    /// Its length: everything before it is durable.
    private(set) var length: Int
    /// Set when a failed write could not be undone; every later append fails with it until a restart recovers.
    private(set) var failure: DomainError?

    /// Opens `segment` for appending at `length` (which recovery has verified is its intact length).
    init(directory: String, segmentSizeLimit: Int, segment: JournalSegment, length: Int) throws {
        self.directory = directory
        self.segmentSizeLimit = segmentSizeLimit
        self.segment = segment
        self.file = try POSIXFile.open(segment.path, flags: O_WRONLY | O_APPEND)
        self.length = length
    }

    /// Writes and fsyncs the entries, in order, rotating to a new segment where the size limit says so.
    ///
    /// Entries of one segment go out in one write(2) and one fsync(2) (group commit). Each entry's result is the
    /// position of its last record once it is durable, or the error that stopped it; an entry is never split
    /// across segments.
    mutating func write(_ entries: [Entry]) -> [Result<JournalPosition, DomainError>] {
        if let failure { return entries.map { _ in .failure(failure) } }
        var results: [Result<JournalPosition, DomainError>] = []
        results.reserveCapacity(entries.count)
        var run: [UInt8] = []
        var runPositions: [JournalPosition] = []
        for entry in entries {
            let pending = length + run.count
            if pending > 0 && pending + entry.bytes.count > segmentSizeLimit {
                do {
                    try commit(run)
                    results += runPositions.map { .success($0) }
                    run.removeAll(keepingCapacity: true)
                    runPositions.removeAll()
                    try rotate()
                } catch {
                    let failure = Self.domainError(error)
                    return results + Array(repeating: .failure(failure), count: entries.count - results.count)
                }
            }
            runPositions.append(JournalPosition(segment: segment.index, offset: length + run.count + entry.lastFrameOffset))
            run += entry.bytes
        }
        do {
            try commit(run)
            results += runPositions.map { .success($0) }
        } catch {
            results += runPositions.map { _ in .failure(Self.domainError(error)) }
        }
        return results
    }

    /// Releases the descriptor; every byte it wrote was already synced.
    func close() {
        file.closeQuietly()
    }

    /// Appends `bytes` and fsyncs. On failure, cuts the segment back to its durable length so a record that was
    /// not acknowledged cannot reappear on the next start; if even that fails, the journal stops accepting
    /// appends (after a failed fsync Linux may have dropped the dirty pages, so retrying is not safe).
    private mutating func commit(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            try bytes.withUnsafeBytes { try file.writeAll($0) }
            try file.sync()
            length += bytes.count
        } catch {
            do {
                try file.truncate(to: length)
                try file.sync()
            } catch let undoError {
                failure = DomainError(
                    .storageFailure,
                    "\(Self.domainError(error).message); the journal stopped accepting events because the failed "
                        + "write could not be undone (\(Self.domainError(undoError).message)); restart to recover"
                )
            }
            throw error
        }
    }

    /// Starts the next segment: creates its file and syncs the directory before any record goes into it, so a
    /// crash never leaves records in a file whose directory entry was lost.
    private mutating func rotate() throws {
        let next = JournalSegment(index: segment.index + 1, directory: directory)
        // O_TRUNC: a file of this number can only be left from a rotation that failed before, with no records.
        let nextFile = try POSIXFile.open(next.path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
        do {
            try POSIXFile.syncDirectory(directory)
        } catch {
            nextFile.closeQuietly()
            throw error
        }
        file.closeQuietly()
        segment = next
        file = nextFile
        length = 0
    }

    /// Every error thrown here is a `DomainError`; this keeps the result type closed without a force cast.
    private static func domainError(_ error: any Error) -> DomainError {
        error as? DomainError ?? DomainError(.storageFailure, "journal: \(error)")
    }
}
