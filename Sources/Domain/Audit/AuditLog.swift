#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import FoundationEssentials

/// The append-only, hash-chained audit log in `<data>/audit/`: `audit.log` (JSON lines, see `AuditRecord`) and
/// `audit.head` (see `AuditHead`). A record is returned only once it is fsynced (DESIGN.md, Persistence), so a
/// response that depends on it can be sent.
///
/// Concurrent appends are group-committed like the event journal's: while one write+fsync is in flight the next
/// entries queue, and the whole queue is chained, written and fsynced together on a dedicated serial queue, so
/// the cooperative thread pool never blocks on the disk. Opening verifies the whole chain: a torn last line (a
/// crash mid-write) past the head is cut off; any other damage throws `.corruptStore`, so startup stops.
public actor AuditLog {
    /// The log file's path.
    public nonisolated let path: String
    /// The head file's path.
    public nonisolated let headPath: String

    private nonisolated let hash: @Sendable (Data) -> String
    private let clock: @Sendable () -> Date
    private nonisolated let queue = DispatchQueue(label: "cordon.audit.commit", qos: .userInitiated)
    private let file: POSIXFile
    /// The last durable record.
    private var head: AuditHead
    /// The log's durable length in bytes.
    private var length: Int
    /// Set when a failed write could not be cut back off: later appends are refused rather than chained to
    /// bytes that may be on disk.
    private var damaged: DomainError?
    private var waiting: [(entry: AuditEntry, continuation: CheckedContinuation<AuditRecord, any Error>)] = []
    private var isCommitting = false

    /// The file names inside the audit directory.
    public static let logName = "audit.log"
    /// The head's file name.
    public static let headName = "audit.head"

    /// Opens (creating if needed) the log in `directory`, verifying the chain; blocks while it reads.
    /// `hash` is the hex SHA-256 (the composition root passes AWSClient's); `clock` stamps records.
    ///
    /// - Throws: `.corruptStore` for a broken chain, `.storageFailure` when the disk fails.
    public init(directory: URL, hash: @escaping @Sendable (Data) -> String,
                clock: @escaping @Sendable () -> Date) throws {
        let directoryPath = directory.standardizedFileURL.path
        try AtomicFileWriter().createDirectory(directoryPath)
        path = directoryPath + "/" + Self.logName
        headPath = directoryPath + "/" + Self.headName
        self.hash = hash
        self.clock = clock
        let file = try POSIXFile.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        do {
            let head = try Self.readHead(headPath)
            var bytes = try file.readToEnd()
            let (lines, tornTail) = AuditChain.lines(of: bytes)
            if tornTail, lines.count >= (head?.seq ?? 0) {
                // A crash during a write left part of a line that was never acknowledged: cut it off.
                let intact = bytes.lastIndex(of: UInt8(ascii: "\n")).map { bytes.distance(from: bytes.startIndex, to: $0) + 1 } ?? 0
                try file.truncate(to: intact)
                try file.sync()
                bytes = bytes.prefix(intact)
            }
            switch AuditChain.verify(bytes, head: head, hash: hash) {
            case .intact(_, let last):
                self.head = last
            case .broken(let line, let reason):
                throw DomainError(.corruptStore, "\(path) line \(line): \(reason) (see `cordon audit verify`)")
            }
            length = bytes.count
        } catch {
            file.closeQuietly()
            throw error
        }
        self.file = file
    }

    deinit {
        // A commit in flight holds `self` until it returns, so nothing is writing here.
        file.closeQuietly()
    }

    /// Chains, writes and fsyncs the entry; returns its record once durable.
    ///
    /// - Throws: `.storageFailure` if the write or fsync failed (the record is not in the chain).
    @discardableResult
    public func append(_ entry: AuditEntry) async throws -> AuditRecord {
        if let damaged { throw damaged }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append((entry, continuation))
            if !isCommitting {
                isCommitting = true
                Task { await self.commitWaiting() }
            }
        }
    }

    /// The last durable record's place in the chain.
    public func lastRecord() -> AuditHead { head }

    /// Drains the queue: each round takes everyone who arrived while the previous fsync ran.
    private func commitWaiting() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            let result = await commit(batch.map(\.entry))
            for (index, waiter) in batch.enumerated() {
                waiter.continuation.resume(with: result.map { $0[index] })
            }
        }
        isCommitting = false
    }

    private func commit(_ entries: [AuditEntry]) async -> Result<[AuditRecord], any Error> {
        if let damaged { return .failure(damaged) }
        let encoder = StoreJSON.encoder()
        var next = head
        var records: [AuditRecord] = []
        var bytes = Data()
        let now = clock()
        do {
            for entry in entries {
                let record = AuditRecord(entry, seq: next.seq + 1, prev: next.hash, time: now)
                let line = try encoder.encode(record)
                next = AuditHead(seq: record.seq, hash: hash(line))
                records.append(record)
                bytes.append(line)
                bytes.append(UInt8(ascii: "\n"))
            }
        } catch {
            return .failure(DomainError(.invalidInput, "audit record not encodable: \(error)"))
        }
        let file = self.file
        let lines = bytes
        let headPath = self.headPath
        let previousLength = length
        let headData: Data
        let previousHeadData: Data
        do {
            headData = try encoder.encode(next)
            previousHeadData = try encoder.encode(head)
        } catch {
            return .failure(DomainError(.invalidInput, "audit head not encodable: \(error)"))
        }
        let (failure, repaired): ((any Error)?, Bool) = await queue.run {
            do {
                try file.writeAll(lines)
                try file.sync()
                try AtomicFileWriter().replace(headPath, with: headData)
                return (nil, true)
            } catch {
                // Not acknowledged, so not in the chain: take the bytes back off (ftruncate(2), fsync(2)) and put the
                // previous head back, in case the new one was renamed in before the directory fsync failed.
                do {
                    try file.truncate(to: previousLength)
                    try file.sync()
                    try AtomicFileWriter().replace(headPath, with: previousHeadData)
                    return (error, true)
                } catch {
                    return (error, false)
                }
            }
        }
        guard let failure else {
            head = next
            length = previousLength + bytes.count
            return .success(records)
        }
        if !repaired {
            damaged = DomainError(.storageFailure, "\(path): a failed write could not be taken back; restart to verify the log")
        }
        return .failure(failure)
    }

    private static func readHead(_ path: String) throws -> AuditHead? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let file = try POSIXFile.open(path, flags: O_RDONLY)
        let bytes: Data
        do {
            bytes = try file.readToEnd()
            try file.close()
        } catch {
            file.closeQuietly()
            throw error
        }
        do {
            return try StoreJSON.decoder().decode(AuditHead.self, from: bytes)
        } catch {
            throw DomainError(.corruptStore, "\(path): not an audit head (\(error))")
        }
    }
}
