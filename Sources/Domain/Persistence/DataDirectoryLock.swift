#if canImport(Glibc)
#endif
import FoundationEssentials
@preconcurrency import Glibc
import Platform

/// Exclusive use of a data directory for as long as the value lives (flock(2) on `cordon.lock` in it).
///
/// Two processes on one data directory would both append to the journal's last segment and replace the same
/// incident files, each believing its own view: events acknowledged by one could be overwritten by the other.
/// The lock is the kernel's, so it goes away with the process however it ends (kill -9 included) and a restart
/// never finds a stale lock. The file holds the owner's PID, only to name it in the refusal.
public final class DataDirectoryLock: Sendable {
    /// The name of the lock file in the data directory.
    public static let fileName = "cordon.lock"

    private let file: POSIXFile

    /// Takes the lock on `directory` (which must exist), or throws at once if another process holds it.
    ///
    /// - Throws: `.conflict` naming the holder's PID when the directory is in use, `.storageFailure` when the
    ///   lock file cannot be opened or written.
    public init(directory: String) throws {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        let file = try POSIXFile.open(path, flags: O_RDWR | O_CREAT)
        guard flock(file.descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            defer { file.closeQuietly() }
            guard code == EWOULDBLOCK else { throw DomainError.storageFailure(path, errno: code) }
            // The holder's PID only makes the message more useful: unreadable, the refusal stands without it.
            let pid = (try? file.readToEnd()).map { String(decoding: $0, as: UTF8.self) }?
                .trimmingWhitespace() ?? ""
            throw DomainError(.conflict, "\(directory) is in use by another cordon process"
                                  + (pid.isEmpty ? "" : " (PID \(pid))") + "; stop it first, or give this one another --data-dir")
        }
        do {
            try file.truncate(to: 0)
            try file.writeAll(Data("\(getpid())\n".utf8))
        } catch {
            file.closeQuietly()
            throw error
        }
        self.file = file
    }

    deinit {
        // Closing the descriptor releases the lock.
        file.closeQuietly()
    }
}
