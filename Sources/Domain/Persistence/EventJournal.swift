#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// The append-only journal of accepted events in `<data>/journal/`: an event is acknowledged only once its
/// record is fsynced (DESIGN.md, Persistence).
///
/// Records are framed with a length and a CRC-32C (see `JournalFrame`) in numbered segment files. Concurrent
/// appends are group-committed: while one write+fsync is in flight the next callers queue, and the whole queue
/// goes out in one write and one fsync, on a dedicated serial queue so the cooperative thread pool never blocks
/// on the disk. Opening the journal verifies every frame: a torn last record is cut off and reported in
/// `recovery`; damage anywhere else throws `.corruptStore` naming the file and offset, so startup stops.
public actor EventJournal {
    /// The default size after which a new segment is started.
    public static let defaultSegmentSizeLimit = 64 << 20

    /// What opening found and repaired.
    public nonisolated let recovery: JournalRecovery

    private nonisolated let directory: String
    private nonisolated let firstSegment: Int
    /// Runs the blocking writes and fsyncs, one group commit at a time.
    private nonisolated let queue = DispatchQueue(label: "cordon.journal.commit", qos: .userInitiated)
    /// The segment being appended to; lent to `queue` during a commit.
    private var tail: JournalTail
    /// The last record this instance made durable.
    private var lastDurable: JournalPosition?
    private var waiting: [Waiter] = []
    private var isCommitting = false

    private struct Waiter {
        var entry: JournalTail.Entry
        var continuation: CheckedContinuation<JournalPosition, any Error>
    }

    /// Opens (creating if needed) the journal in `directory`, verifying every segment; blocks while it reads.
    ///
    /// - Throws: `.corruptStore` for damage other than a torn tail, `.storageFailure` when the disk fails.
    public init(directory: URL, segmentSizeLimit: Int = EventJournal.defaultSegmentSizeLimit) throws {
        let path = directory.standardizedFileURL.path
        try AtomicFileWriter().createDirectory(path)
        let indexes = try POSIXFile.entries(of: path).compactMap(JournalSegment.index(ofFileName:)).sorted()
        if let gap = zip(indexes, indexes.dropFirst()).first(where: { $1 != $0 + 1 }) {
            throw DomainError(
                .corruptStore,
                "\(path): segment \(JournalSegment.fileName(gap.0 + 1)) is missing between "
                    + "\(JournalSegment.fileName(gap.0)) and \(JournalSegment.fileName(gap.1))"
            )
        }
        var recovery = JournalRecovery(segments: indexes.count, records: 0, lastRecord: .start, end: .start)
        for index in indexes {
            let segment = JournalSegment(index: index, directory: path)
            try Self.recover(segment, isLast: index == indexes.last, into: &recovery)
        }
        let last: JournalSegment
        if let lastIndex = indexes.last {
            last = JournalSegment(index: lastIndex, directory: path)
        } else {
            last = JournalSegment(index: 1, directory: path)
            try POSIXFile.open(last.path, flags: O_WRONLY | O_CREAT | O_TRUNC).close()
            try POSIXFile.syncDirectory(path)
            recovery.segments = 1
            recovery.end = JournalPosition(segment: 1, offset: 0)
        }
        self.directory = path
        self.firstSegment = indexes.first ?? 1
        self.recovery = recovery
        self.tail = try JournalTail(
            directory: path, segmentSizeLimit: segmentSizeLimit, segment: last, length: recovery.end.offset
        )
    }

    deinit {
        // A commit in flight holds `self` until it returns, so nothing is writing here.
        tail.close()
    }

    /// Appends `records` (in order, contiguously, in one segment) and returns once they are fsynced, with the
    /// position of the last one. An empty batch writes nothing and returns the last durable record's position.
    ///
    /// - Throws: `.storageFailure` if the write or fsync failed (nothing is acknowledged), `.invalidInput` for a
    ///   record over 64 MiB.
    public nonisolated func append(_ records: [Data]) async throws -> JournalPosition {
        // Framing and checksums run here, in the caller's task, so appenders do that work in parallel.
        let (bytes, lastFrameOffset) = try JournalFrame.encode(records)
        if records.isEmpty { return await lastAppended() }
        return try await enqueue(JournalTail.Entry(bytes: bytes, lastFrameOffset: lastFrameOffset))
    }

    /// Calls `body` with every record after `position` that was durable when the journal was opened, in order,
    /// re-verifying each frame. This is the startup rebuild (dedup keys, unprocessed events); it reads the
    /// segments synchronously in the calling thread and does not see records appended since opening.
    ///
    /// - Throws: `.corruptStore` if a segment was damaged since opening, `.storageFailure` if a read fails, or
    ///   what `body` throws.
    public nonisolated func replay(
        after position: JournalPosition = .start,
        _ body: (JournalRecord) throws -> Void
    ) throws {
        let end = recovery.end
        let first = max(firstSegment, position.segment)
        guard first <= end.segment else { return }
        for index in first...end.segment {
            let segment = JournalSegment(index: index, directory: directory)
            var bytes = try Self.read(segment)
            if index == end.segment { bytes.removeSubrange(min(end.offset, bytes.count)...) }
            let scan = try bytes.withUnsafeBytes { buffer in
                try JournalSegment.scan(buffer) { offset, payload in
                    let here = JournalPosition(segment: index, offset: offset)
                    if here > position { try body(JournalRecord(position: here, payload: Data(payload))) }
                }
            }
            if let damage = scan.damage {
                throw DomainError.corruptStore(segment.path, offset: damage.offset, damage.reason)
            }
        }
    }

    /// Whether the journal stopped taking events: a failed write or fsync could not be cut back off the segment,
    /// so every later append fails until a restart recovers (see `JournalTail.commit`). `/readyz` reports it.
    public var hasStopped: Bool {
        tail.failure != nil
    }

    private func lastAppended() -> JournalPosition {
        lastDurable ?? recovery.lastRecord
    }

    private func enqueue(_ entry: JournalTail.Entry) async throws -> JournalPosition {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(entry: entry, continuation: continuation))
            if !isCommitting {
                isCommitting = true
                Task { await self.commitWaiting() }
            }
        }
    }

    /// Drains the queue: each round takes everyone who arrived while the previous fsync ran.
    private func commitWaiting() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            let tail = self.tail
            let entries = batch.map(\.entry)
            let (updated, results) = await queue.run {
                var tail = tail
                let results = tail.write(entries)
                return (tail, results)
            }
            self.tail = updated
            for (waiter, result) in zip(batch, results) {
                if case .success(let position) = result { lastDurable = max(lastDurable ?? position, position) }
                waiter.continuation.resume(with: result)
            }
        }
        isCommitting = false
    }

    /// Verifies one segment at open; cuts a torn tail off the last one and records it in `recovery`.
    private static func recover(_ segment: JournalSegment, isLast: Bool, into recovery: inout JournalRecovery) throws {
        let bytes = try read(segment)
        let scan = bytes.withUnsafeBytes { JournalSegment.scan($0) { _, _ in } }
        recovery.records += scan.records
        if let offset = scan.lastRecordOffset {
            recovery.lastRecord = JournalPosition(segment: segment.index, offset: offset)
        }
        recovery.end = JournalPosition(segment: segment.index, offset: scan.intactLength)
        guard let damage = scan.damage else { return }
        guard isLast && scan.damageIsTail else {
            throw DomainError.corruptStore(segment.path, offset: damage.offset, damage.reason)
        }
        let file = try POSIXFile.open(segment.path, flags: O_WRONLY)
        do {
            try file.truncate(to: scan.intactLength)
            try file.sync()
        } catch {
            file.closeQuietly()
            throw error
        }
        try file.close()
        recovery.droppedTail = JournalRecovery.DroppedTail(
            file: segment.path, offset: damage.offset, bytes: bytes.count - damage.offset, reason: damage.reason
        )
    }

    private static func read(_ segment: JournalSegment) throws -> Data {
        let file = try POSIXFile.open(segment.path, flags: O_RDONLY)
        do {
            let bytes = try file.readToEnd()
            try file.close()
            return bytes
        } catch {
            file.closeQuietly()
            throw error
        }
    }
}
