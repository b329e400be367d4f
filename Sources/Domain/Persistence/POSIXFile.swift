#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

/// An open file descriptor and the path it was opened from, with the few blocking calls the store needs.
///
/// Foundation's `Data.write(options: .atomic)` and `FileHandle` do not fsync, and they hide short writes and
/// EINTR; durability needs the raw calls (POSIX.1-2017 write(2), fsync(2), rename(2)). Every failure becomes
/// `DomainError.storageFailure` naming the path. The owner must call `close()` exactly once.
struct POSIXFile: Sendable {
    /// The open descriptor.
    let descriptor: Int32
    /// The path, for error messages.
    let path: String

    /// Incident state and raw events name a company's resources and principals: owner read-write, group read
    /// (for a backup user), nothing for others.
    static let fileMode: mode_t = 0o640
    /// Directories of the data directory, with the same reasoning as `fileMode`.
    static let directoryMode: mode_t = 0o750

    /// Opens `path` with the given `open(2)` flags (always adding `O_CLOEXEC`), creating with `fileMode`.
    static func open(_ path: String, flags: Int32) throws -> POSIXFile {
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, fileMode)
            if descriptor >= 0 { return POSIXFile(descriptor: descriptor, path: path) }
            if errno != EINTR { throw DomainError.storageFailure(path, errno: errno) }
        }
    }

    /// Writes every byte, retrying on EINTR and after short writes (write(2) may write less than asked).
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw DomainError.storageFailure(path, errno: errno)
            }
            // write(2) returning 0 for a non-zero count on a regular file means no progress is possible.
            if written == 0 { throw DomainError.storageFailure(path, errno: EIO) }
            next += written
            remaining -= written
        }
    }

    /// Writes every byte of `data`.
    func writeAll(_ data: Data) throws {
        try data.withUnsafeBytes { try writeAll($0) }
    }

    /// What fstat(2) says about the open file: the version read through this descriptor, whatever is renamed
    /// over its path meanwhile.
    func identity() throws -> FileIdentity {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DomainError.storageFailure(path, errno: errno) }
        return FileIdentity(status)
    }

    /// Reads the whole file from the current offset to its end, in one call with no copying when `expectedSize`
    /// (else fstat(2)'s size) is right.
    func readToEnd(expectedSize: Int? = nil) throws -> Data {
        var status = stat()
        let expected = expectedSize ?? (fstat(descriptor, &status) == 0 ? max(0, Int(status.st_size)) : 0)
        // One spare byte, so a file that is exactly as long as expected hits EOF without a resize.
        var buffer = Data(count: expected + 1)
        var filled = 0
        while true {
            if filled == buffer.count { buffer.count *= 2 }
            let count = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(descriptor, raw.baseAddress.map { $0 + filled }, raw.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw DomainError.storageFailure(path, errno: errno)
            }
            if count == 0 {
                buffer.count = filled
                return buffer
            }
            filled += count
        }
    }

    /// Flushes the file's data and metadata to stable storage (fsync(2)).
    func sync() throws {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw DomainError.storageFailure(path, errno: errno) }
        }
    }

    /// Cuts the file to `length` bytes (ftruncate(2)); the caller syncs afterwards.
    func truncate(to length: Int) throws {
        while ftruncate(descriptor, off_t(length)) != 0 {
            if errno != EINTR { throw DomainError.storageFailure(path, errno: errno) }
        }
    }

    /// Closes the descriptor. Linux releases the descriptor even when close(2) fails, so it is never retried.
    func close() throws {
        if Glibc.close(descriptor) != 0 && errno != EINTR {
            throw DomainError.storageFailure(path, errno: errno)
        }
    }

    /// Closes the descriptor where no error can be acted on: on a path that is already failing (the first error is
    /// the one to report) or when releasing a file whose every byte was already synced.
    func closeQuietly() {
        _ = Glibc.close(descriptor)
    }

    /// Syncs a directory so that entries created, renamed or removed in it survive a crash (fsync(2) on the
    /// directory is how POSIX makes a rename durable).
    static func syncDirectory(_ path: String) throws {
        let directory = try open(path, flags: O_RDONLY | O_DIRECTORY)
        do {
            try directory.sync()
        } catch {
            directory.closeQuietly()
            throw error
        }
        try directory.close()
    }

    /// Renames `source` over `target` atomically (rename(2)).
    static func rename(_ source: String, over target: String) throws {
        if Glibc.rename(source, target) != 0 { throw DomainError.storageFailure(target, errno: errno) }
    }

    /// Removes a file (unlink(2)); a file already gone is not an error.
    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw DomainError.storageFailure(path, errno: errno) }
    }

    /// The names in a directory, excluding `.` and `..` (readdir(3)).
    static func entries(of path: String) throws -> [String] {
        guard let stream = opendir(path) else { throw DomainError.storageFailure(path, errno: errno) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw DomainError.storageFailure(path, errno: errno) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
