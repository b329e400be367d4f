#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import FoundationEssentials

/// The append-only journal of accepted events in `<data>/journal/`: an event is acknowledged only once its
/// record is fsynced (DESIGN.md, Persistence).
///
/// Records are framed with a length and a CRC-32C (see `JournalFrame`) in numbered segment files. Concurrent
/// appends are group-committed: while one write+fsync is in flight the next callers queue, and the whole queue
/// goes out in one write and one fsync, on a dedicated serial queue so the cooperative thread pool never blocks
/// on the disk. Opening the journal verifies every frame it will replay: a torn last record is cut off and reported
/// in `recovery`; damage anywhere else throws `.corruptStore` naming the file and offset, so startup stops.
///
/// A `JournalCheckpoint` (`journal/checkpoint`, written by the service through `writeCheckpoint`) bounds startup:
/// opening verifies only the segments from the checkpoint's on, and the service replays only the records from its
/// position. Segments wholly before it are not read at startup: their records are never read again (their effects
/// are on disk and their keys are in the checkpoint), so damage there cannot change what Cordon does, and reading
/// them would make startup grow with the journal's whole history (docs/PERFORMANCE.md, "Startup with a long
/// journal"). A checkpoint that is absent, unreadable, of another format version or that does not match the journal
/// is not used: everything is verified and replayed from the start, and `recovery.fullReplayReason` says why.
public actor EventJournal {
    /// The default size after which a new segment is started.
    public static let defaultSegmentSizeLimit = 64 << 20

    /// What opening found and repaired.
    public nonisolated let recovery: JournalRecovery

    private nonisolated let directory: String
    private nonisolated let firstSegment: Int
    /// Runs the blocking writes and fsyncs, one group commit at a time.
    private nonisolated let queue = DispatchQueue(label: "cordon.journal.commit", qos: .userInitiated)
    /// Writes checkpoints, apart from `queue` so a large checkpoint never delays a group commit.
    private nonisolated let checkpointQueue = DispatchQueue(label: "cordon.journal.checkpoint", qos: .utility)
    /// The checkpoint found at open, until the service takes it (its digests can be large).
    private var openedCheckpoint: JournalCheckpoint?
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

    /// Opens (creating if needed) the journal in `directory`, verifying every segment from its checkpoint's on (or
    /// every segment, without a usable checkpoint); blocks while it reads.
    ///
    /// - Throws: `.corruptStore` for damage other than a torn tail, `.storageFailure` when the disk fails.
    public init(directory: URL, segmentSizeLimit: Int = EventJournal.defaultSegmentSizeLimit) throws {
        let path = directory.standardizedFileURL.path
        try AtomicFileWriter().createDirectory(path)
        let names = try POSIXFile.entries(of: path)
        let indexes = names.compactMap(JournalSegment.index(ofFileName:)).sorted()
        if let gap = zip(indexes, indexes.dropFirst()).first(where: { $1 != $0 + 1 }) {
            throw DomainError(
                .corruptStore,
                "\(path): segment \(JournalSegment.fileName(gap.0 + 1)) is missing between "
                    + "\(JournalSegment.fileName(gap.0)) and \(JournalSegment.fileName(gap.1))"
            )
        }
        // A checkpoint write that a crash interrupted leaves its temporary file; the previous checkpoint stands.
        for name in names where AtomicFileWriter.isTemporaryFile(name) {
            try POSIXFile.remove(URL(fileURLWithPath: path).appendingPathComponent(name).path)
        }
        var (checkpoint, reason) = Self.loadCheckpoint(in: path, names: names, segments: indexes)
        var recovery = try Self.verify(indexes, from: checkpoint?.position, in: path)
        if let found = checkpoint, !recovery.verifiedFromIsBoundary {
            // Written by this journal, a checkpoint can only point at a record or at the durable end; anything else
            // means the files were changed behind its back, so trust the journal alone.
            reason = "checkpoint position \(found.position) is not a record boundary of the journal (end \(recovery.end))"
            checkpoint = nil
            recovery = try Self.verify(indexes, from: nil, in: path)
        }
        recovery.fullReplayReason = reason
        recovery.checkpointDigests = checkpoint?.digests.count ?? 0
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
        self.openedCheckpoint = checkpoint
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

    /// Calls `body` with every record at or after `position` that was durable when the journal was opened, in
    /// order, re-verifying each frame. This is the startup rebuild (dedup keys, unprocessed events); it reads the
    /// segments synchronously in the calling thread and does not see records appended since opening.
    ///
    /// - Throws: `.corruptStore` if a segment was damaged since opening, `.storageFailure` if a read fails, or
    ///   what `body` throws.
    public nonisolated func replay(
        from position: JournalPosition = .start,
        _ body: (JournalRecord) throws -> Void
    ) throws {
        let end = recovery.end
        let first = max(firstSegment, position.segment)
        guard first <= end.segment else { return }
        for index in first...end.segment {
            let segment = JournalSegment(index: index, directory: directory)
            var bytes = try Self.read(segment.path)
            if index == end.segment { bytes.removeSubrange(min(end.offset, bytes.count)...) }
            let scan = try bytes.withUnsafeBytes { buffer in
                try JournalSegment.scan(buffer) { offset, payload in
                    let here = JournalPosition(segment: index, offset: offset)
                    if here >= position { try body(JournalRecord(position: here, payload: Data(payload))) }
                }
            }
            if let damage = scan.damage {
                throw DomainError.corruptStore(segment.path, offset: damage.offset, damage.reason)
            }
        }
    }

    /// Hands over the checkpoint found when the journal was opened (nil if none was usable), once: later calls
    /// return nil, so its digests are not kept twice.
    public func takeOpenedCheckpoint() -> JournalCheckpoint? {
        defer { openedCheckpoint = nil }
        return openedCheckpoint
    }

    /// Where the next record will go: every record before it is durable. During a group commit it is the end
    /// before that commit, so it never runs ahead of what is on disk.
    public var durableEnd: JournalPosition {
        JournalPosition(segment: tail.segment.index, offset: tail.length)
    }

    /// Atomically replaces `journal/checkpoint` (temp, fsync, rename, directory fsync), off the commit queue.
    ///
    /// - Throws: `.invalidInput` for a position past `durableEnd`, `.storageFailure` if the write fails (the
    ///   previous checkpoint, if any, is left as it was).
    public func writeCheckpoint(_ checkpoint: JournalCheckpoint) async throws {
        guard checkpoint.position <= durableEnd else {
            throw DomainError(.invalidInput, "checkpoint position \(checkpoint.position) is past the journal's end \(durableEnd)")
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(JournalCheckpoint.fileName).path
        try await checkpointQueue.run { try AtomicFileWriter().replace(path, with: checkpoint.encoded()) }
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

    /// The checkpoint in `path`, or nil and why not (absent, unreadable, naming a segment the journal lacks).
    private static func loadCheckpoint(in path: String, names: [String], segments: [Int]) -> (JournalCheckpoint?, String?) {
        let checkpointPath = URL(fileURLWithPath: path).appendingPathComponent(JournalCheckpoint.fileName).path
        guard names.contains(JournalCheckpoint.fileName) else { return (nil, "no checkpoint") }
        let checkpoint: JournalCheckpoint
        do {
            // Unreadable is as good as absent: the segments hold everything it does, and reading them next will
            // stop startup if the disk itself is failing.
            checkpoint = try JournalCheckpoint(decoding: read(checkpointPath))
        } catch {
            return (nil, "\(checkpointPath): \((error as? DomainError)?.message ?? "\(error)")")
        }
        guard segments.contains(checkpoint.position.segment) else {
            return (nil, "checkpoint names segment \(checkpoint.position.segment), which the journal does not have")
        }
        return (checkpoint, nil)
    }

    /// Verifies the segments from `position`'s on (all of them when nil), cutting off a torn tail.
    private static func verify(_ indexes: [Int], from position: JournalPosition?, in path: String) throws -> JournalRecovery {
        var recovery = JournalRecovery(segments: indexes.count, records: 0, lastRecord: .start, end: .start)
        recovery.verifiedFrom = position ?? .start
        for index in indexes where index >= recovery.verifiedFrom.segment {
            let segment = JournalSegment(index: index, directory: path)
            try recover(segment, isLast: index == indexes.last, checking: position, into: &recovery)
        }
        return recovery
    }

    /// Verifies one segment at open; cuts a torn tail off the last one and records it in `recovery`, and whether a
    /// record starts at `position` (when it is in this segment).
    private static func recover(_ segment: JournalSegment, isLast: Bool, checking position: JournalPosition?,
                                into recovery: inout JournalRecovery) throws {
        let bytes = try read(segment.path)
        let wanted = position?.segment == segment.index ? position?.offset : nil
        let scan = bytes.withUnsafeBytes { buffer in
            JournalSegment.scan(buffer) { offset, _ in if offset == wanted { recovery.verifiedFromIsBoundary = true } }
        }
        if scan.intactLength == wanted { recovery.verifiedFromIsBoundary = true }
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

    private static func read(_ path: String) throws -> Data {
        let file = try POSIXFile.open(path, flags: O_RDONLY)
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
