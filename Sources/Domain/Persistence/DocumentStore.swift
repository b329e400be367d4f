#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Durable JSON documents, one file per document (`<directory>/<id>.json`), replaced atomically, with every
/// document also held in memory (DESIGN.md, Persistence: one JSON file per incident).
///
/// `put` returns only after the file and its directory entry are fsynced, and only then does `get` see the new
/// value. Writes to one id happen one after another, in the order `put` was called; writes to different ids
/// run concurrently on background threads. Generic, so it stores incidents without knowing them.
public actor DocumentStore<Document: Codable & Sendable> {
    /// The directory holding the documents.
    public nonisolated let directory: String
    private nonisolated let writer = AtomicFileWriter()
    /// Every durable document by id.
    private var documents: [String: Document] = [:]
    /// The latest write queued per id; the next write to that id waits for it.
    private var writes: [String: Task<Void, any Error>] = [:]

    /// Opens the store in `directory`, creating it (durably) if missing. Call `loadAll()` before serving.
    ///
    /// - Throws: `.storageFailure` if the directory cannot be created.
    public init(directory: URL) throws {
        self.directory = directory.standardizedFileURL.path
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

    /// The durable document stored under `id`, if any.
    public func get(_ id: String) -> Document? {
        documents[id]
    }

    /// Every durable document, by id.
    public func all() -> [String: Document] {
        documents
    }

    /// Reads every document from disk (decoding in parallel across cores) into memory, deletes temporary files
    /// a crash left behind, and returns how many documents there are. Documents put while it runs are kept.
    /// Meant for startup: the file reads block the concurrency pool's threads while it runs.
    ///
    /// - Throws: `.corruptStore` naming the first file that is not a valid document or has an invalid id;
    ///   `.storageFailure` when the directory or a file cannot be read.
    @discardableResult
    public func loadAll() async throws -> Int {
        let directoryURL = URL(fileURLWithPath: directory)
        var files: [(id: String, path: String)] = []
        var removedTemporaryFile = false
        for name in try POSIXFile.entries(of: directory) {
            let path = directoryURL.appendingPathComponent(name).path
            if AtomicFileWriter.isTemporaryFile(name) {
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
        let loaded = try await Self.decode(files)
        documents.merge(loaded) { current, _ in current }
        return documents.count
    }

    /// Queues the file write for `id` behind the previous one and waits for it.
    private func write(_ data: Data, _ document: Document, id: String) async throws {
        let previous = writes[id]
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(id).json").path
        let writer = self.writer
        let write = Task {
            // The outcome of the previous write does not matter: this one replaces the whole file anyway.
            _ = await previous?.result
            try await DispatchQueue.global(qos: .userInitiated).run { try writer.replace(path, with: data) }
            documents[id] = document
        }
        writes[id] = write
        let result = await write.result
        if writes[id] == write { writes[id] = nil }
        try result.get()
    }

    /// Reads and decodes `files` in a few chunks per core.
    private static func decode(_ files: [(id: String, path: String)]) async throws -> [String: Document] {
        let chunkCount = min(files.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunkCount > 0 else { return [:] }
        let chunkSize = (files.count + chunkCount - 1) / chunkCount
        return try await withThrowingTaskGroup(of: [(String, Document)].self) { group in
            for start in stride(from: 0, to: files.count, by: chunkSize) {
                let chunk = Array(files[start..<min(start + chunkSize, files.count)])
                group.addTask {
                    let decoder = StoreJSON.decoder()
                    return try chunk.map { file in (file.id, try decodeFile(file.path, with: decoder)) }
                }
            }
            var documents: [String: Document] = [:]
            documents.reserveCapacity(files.count)
            for try await chunk in group {
                for (id, document) in chunk { documents[id] = document }
            }
            return documents
        }
    }

    private static func decodeFile(_ path: String, with decoder: JSONDecoder) throws -> Document {
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
            return try decoder.decode(Document.self, from: bytes)
        } catch {
            throw DomainError(.corruptStore, "\(path): not a valid document: \(error)")
        }
    }
}
