#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

/// Replaces files and creates directories so that a crash leaves either the old or the new state, never a mix.
///
/// The sequence is the one POSIX guarantees for atomic replacement: write a temporary file in the target's
/// directory, fsync it, rename(2) it over the target (atomic within one file system), then fsync the directory
/// so the rename itself is durable. A call returns only if every step succeeded; otherwise it throws
/// `DomainError(.storageFailure, "<path>: <strerror>")` and removes its temporary file. Calls are blocking.
public struct AtomicFileWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// Atomically replaces (or creates) the file at `path` with `data`, returning once it is durable.
    ///
    /// If the final directory fsync fails the new content is already visible but the call still throws: the
    /// write is not acknowledged as durable.
    public func replace(_ path: String, with data: Data) throws {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        let temporary = Self.temporaryPath(for: target)
        let file = try POSIXFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL)
        do {
            try file.writeAll(data)
            try file.sync()
        } catch {
            file.closeQuietly()
            Self.discard(temporary)
            throw error
        }
        do {
            try file.close()
            try POSIXFile.rename(temporary, over: path)
        } catch {
            Self.discard(temporary)
            throw error
        }
        try POSIXFile.syncDirectory(directory)
    }

    /// Creates `path` and any missing parents; each directory it creates is made durable by syncing its parent.
    public func createDirectory(_ path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        var cursor = url
        while !Self.isDirectory(cursor.path) {
            missing.append(cursor.path)
            let parent = cursor.deletingLastPathComponent()
            if parent.path == cursor.path { break }
            cursor = parent
        }
        for directory in missing.reversed() {
            if mkdir(directory, POSIXFile.directoryMode) != 0 && errno != EEXIST {
                throw DomainError.storageFailure(directory, errno: errno)
            }
            guard Self.isDirectory(directory) else { throw DomainError.storageFailure(directory, errno: ENOTDIR) }
            try POSIXFile.syncDirectory(URL(fileURLWithPath: directory).deletingLastPathComponent().path)
        }
    }

    /// Whether a directory entry is a temporary file this writer left behind when a crash interrupted it.
    static func isTemporaryFile(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(temporarySuffix)
    }

    private static let temporarySuffix = ".tmp"

    /// A hidden, unique name next to the target, so it is on the same file system (rename(2) requires that)
    /// and never mistaken for a document.
    private static func temporaryPath(for target: URL) -> String {
        let name = ".\(target.lastPathComponent).\(UUID().uuidString)\(temporarySuffix)"
        return target.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Removes a temporary file on a path that is already failing; the original error is the one reported, and
    /// a leftover is deleted by the next startup scan.
    private static func discard(_ temporary: String) {
        _ = unlink(temporary)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
