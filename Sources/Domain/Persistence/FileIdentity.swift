#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

/// What `stat(2)` says about one version of a stored file: enough to tell, without reading it, that a file is the
/// very one whose summary was recorded (`IncidentSummaryIndex`).
///
/// The store never writes a file in place: every save renames a new file over the old one (`AtomicFileWriter`),
/// so a new version has another inode *and* a later change time. The inode alone is not enough, because ext4
/// reuses a freed inode number for the next file; the change time (ctime) cannot be set from user space
/// (POSIX.1-2017 sys/stat.h: only the system updates it), so an edit by hand or a restored backup changes it too.
struct FileIdentity: Sendable, Equatable {
    /// The inode number (`st_ino`).
    var inode: UInt64
    /// The size in bytes (`st_size`).
    var size: Int64
    /// The last modification time (`st_mtim`), in nanoseconds since 1970.
    var modified: Int64
    /// The last status change time (`st_ctim`), in nanoseconds since 1970.
    var changed: Int64

    init(inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ status: stat) {
        self.init(inode: UInt64(status.st_ino), size: Int64(status.st_size),
                  modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                  changed: Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec))
    }

    /// The identity of the file at `path` (following symbolic links, like `open`), or nil if there is none.
    ///
    /// - Throws: `.storageFailure` for any other `stat(2)` failure.
    static func of(_ path: String) throws -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw DomainError.storageFailure(path, errno: errno)
        }
        return FileIdentity(status)
    }
}
