#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import FoundationEssentials

/// Durable JSON documents, one file per document (`<directory>/<id>.json`), replaced atomically (DESIGN.md,
/// Persistence: one JSON file per incident), read back on demand through a bounded cache.
///
/// `put` returns only after the file and its directory entry are fsynced. Writes to one id happen one after
/// another, in the order `put` was called; writes to different ids run concurrently on background threads. Only
/// recently used documents stay in memory: with 100,000 incidents, holding them all cost 436 MiB (issue #7).
/// Generic, so it stores incidents without knowing them.
public actor DocumentStore<Document: Codable & Sendable> {
    /// The directory holding the documents.
    public nonisolated let directory: String
    private nonisolated let writer = AtomicFileWriter()
    /// Recently put or read documents.
    private var cache: DocumentCache<Document>
    /// The latest write queued per id; the next write to that id waits for it.
    private var writes: [String: Task<Void, any Error>] = [:]
    /// How many writes were ever queued: a read that saw a write queued meanwhile does not cache what it read,
    /// which may be the version that write replaced.
    private var writesQueued: UInt64 = 0

    /// Opens the store in `directory`, creating it (durably) if missing, caching up to `cacheCapacity` documents.
    ///
    /// - Throws: `.storageFailure` if the directory cannot be created.
    public init(directory: URL, cacheCapacity: Int = 1024) throws {
        self.directory = directory.standardizedFileURL.path
        self.cache = DocumentCache(capacity: cacheCapacity)
        try writer.createDirectory(self.directory)
    }

    /// Stores `document` under `id`, returning once it is durable.
    ///
    /// - Throws: `.invalidInput` for an id outside `A-Z a-z 0-9 . _ -` (1-128, no leading dot), a document that
    ///   does not encode, or `.storageFailure` when the disk fails; then the previous version stays in place.
    public nonisolated func put(_ document: Document, id: String) async throws {
        try DocumentID.validate(id)
        // Encoding runs in the caller's task, so puts encode in parallel; only the ordering is on the actor.
        let data: Data
        do {
            data = try StoreJSON.encoder().encode(document)
        } catch {
            throw DomainError(.invalidInput, "document \(id) cannot be encoded as JSON: \(error)")
        }
        try await write(data, document, id: id)
    }

    /// The durable document stored under `id`, if any: from the cache, else read and decoded from its file (in the
    /// caller's task, so reads of different documents decode in parallel).
    ///
    /// - Throws: `.corruptStore` naming the file when it is not a valid document, `.storageFailure` on a read error.
    public nonisolated func get(_ id: String) async throws -> Document? {
        // An id that cannot be a file name names no document (and must not reach the file system).
        guard DocumentID.isValid(id) else { return nil }
        let (cached, epoch) = await settledRead(id)
        if let cached { return cached }
        guard let document = try Self.readDocument(at: path(of: id)) else { return nil }
        await remember(document, id: id, readAfter: epoch)
        return document
    }

    /// Every durable document, by id, decoded from disk (or the cache): for tools and tests, not for serving.
    ///
    /// - Throws: as `get`.
    public func all() async throws -> [String: Document] {
        var documents: [String: Document] = [:]
        for (id, _) in try listFiles(removingTemporaryFiles: false) {
            if let document = try await get(id) { documents[id] = document }
        }
        return documents
    }

    /// Summarizes every document file (in parallel across cores) and deletes temporary files a crash left behind.
    /// A file whose identity (inode, size, mtime, ctime) equals its entry in `known` keeps that entry's summary
    /// unread; any other file is read and passed to `summarize` with its id. Meant for startup, before serving:
    /// the file reads block the concurrency pool's threads while it runs. Nothing is cached.
    ///
    /// - Throws: `.corruptStore` naming the first file read that `summarize` rejects or whose name is not a valid
    ///   id; `.storageFailure` when the directory or a file cannot be read.
    func scan<Summary: Sendable>(
        reusing known: [String: ScannedFile<Summary>] = [:],
        _ summarize: @escaping @Sendable (_ id: String, _ bytes: Data) throws -> Summary
    ) async throws -> [String: ScannedFile<Summary>] {
        let files = try listFiles(removingTemporaryFiles: true)
        // A few chunks per core, so a core that is slowed (by other processes) does not hold up the rest.
        let chunkCount = min(files.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunkCount > 0 else { return [:] }
        let chunkSize = (files.count + chunkCount - 1) / chunkCount
        return try await withThrowingTaskGroup(of: [(String, ScannedFile<Summary>)].self) { group in
            for start in stride(from: 0, to: files.count, by: chunkSize) {
                let chunk = files[start..<min(start + chunkSize, files.count)]
                group.addTask {
                    try chunk.map { file in
                        if let entry = known[file.id], try FileIdentity.of(file.path) == entry.identity {
                            return (file.id, ScannedFile(summary: entry.summary, identity: entry.identity, wasRead: false))
                        }
                        return (file.id, try Self.summarizeFile(file.path, id: file.id, summarize))
                    }
                }
            }
            var summaries: [String: ScannedFile<Summary>] = [:]
            summaries.reserveCapacity(files.count)
            for try await chunk in group {
                for (id, summary) in chunk { summaries[id] = summary }
            }
            return summaries
        }
    }

    // MARK: Files

    /// Plain concatenation: `URL.appendingPathComponent` stats the path, which was a tenth of startup.
    private nonisolated func path(of id: String) -> String {
        "\(directory)/\(id).json"
    }

    /// The document files by id; optionally deletes (durably) the temporary files a crash left behind.
    private func listFiles(removingTemporaryFiles: Bool) throws -> [(id: String, path: String)] {
        var files: [(id: String, path: String)] = []
        var removedTemporaryFile = false
        for name in try POSIXFile.entries(of: directory) {
            let path = "\(directory)/\(name)"
            if AtomicFileWriter.isTemporaryFile(name) {
                // Writes in flight have temporary files too: only a crash's leftovers may go.
                guard removingTemporaryFiles, writes.isEmpty else { continue }
                try POSIXFile.remove(path)
                removedTemporaryFile = true
                continue
            }
            guard name.hasSuffix(".json") else { continue }
            let id = String(name.dropLast(".json".count))
            guard DocumentID.isValid(id) else {
                throw DomainError(.corruptStore, "\(path): the file name is not a valid document id")
            }
            files.append((id, path))
        }
        if removedTemporaryFile { try POSIXFile.syncDirectory(directory) }
        return files
    }

    /// Waits for a write to `id` in flight (so what is read next is durable); returns the cached document, if
    /// any, and the write epoch the read starts in.
    private func settledRead(_ id: String) async -> (Document?, UInt64) {
        while let pending = writes[id] {
            _ = await pending.result
            if writes[id] == pending { break }
        }
        return (cache.get(id), writesQueued)
    }

    /// Caches a document read from disk, unless a write was queued since the read began (it may be older).
    private func remember(_ document: Document, id: String, readAfter epoch: UInt64) {
        if writesQueued == epoch { cache.put(document, id: id) }
    }

    /// Queues the file write for `id` behind the previous one and waits for it.
    private func write(_ data: Data, _ document: Document, id: String) async throws {
        let previous = writes[id]
        let path = path(of: id)
        let writer = self.writer
        writesQueued += 1
        let write = Task {
            // The outcome of the previous write does not matter: this one replaces the whole file anyway.
            _ = await previous?.result
            try await DispatchQueue.global(qos: .userInitiated).run { try writer.replace(path, with: data) }
            cache.put(document, id: id)
        }
        writes[id] = write
        let result = await write.result
        if writes[id] == write { writes[id] = nil }
        try result.get()
    }

    /// The document in the file at `path`, or nil if there is no such file.
    private static func readDocument(at path: String) throws -> Document? {
        // Documents are never deleted, so a file that exists now is still there when opened.
        guard access(path, F_OK) == 0 else {
            if errno == ENOENT { return nil }
            throw DomainError.storageFailure(path, errno: errno)
        }
        let (bytes, _) = try readFile(path)
        do {
            return try StoreJSON.decoder().decode(Document.self, from: bytes)
        } catch {
            throw DomainError(.corruptStore, "\(path): not a valid document: \(error)")
        }
    }

    /// Reads the file at `path` and summarizes it, with the identity of the version read (fstat(2) on the same
    /// descriptor, so a rename over the path meanwhile cannot pair one version's summary with another's identity).
    private static func summarizeFile<Summary>(
        _ path: String, id: String, _ summarize: (_ id: String, _ bytes: Data) throws -> Summary
    ) throws -> ScannedFile<Summary> {
        let (bytes, identity) = try readFile(path)
        do {
            return ScannedFile(summary: try summarize(id, bytes), identity: identity, wasRead: true)
        } catch let error as DomainError {
            throw DomainError(.corruptStore, "\(path): not a valid document: \(error.message)")
        } catch {
            throw DomainError(.corruptStore, "\(path): not a valid document: \(error)")
        }
    }

    private static func readFile(_ path: String) throws -> (Data, FileIdentity) {
        let file = try POSIXFile.open(path, flags: O_RDONLY)
        do {
            let identity = try file.identity()
            let bytes = try file.readToEnd(expectedSize: Int(identity.size))
            try file.close()
            return (bytes, identity)
        } catch {
            file.closeQuietly()
            throw error
        }
    }
}
