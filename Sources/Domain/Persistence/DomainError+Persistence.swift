#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import FoundationEssentials

extension DomainError {
    /// A failed system call on `path`, worded `"<path>: <strerror>"` so an operator sees which file and why.
    static func storageFailure(_ path: String, errno code: Int32) -> DomainError {
        DomainError(.storageFailure, "\(path): \(String(cString: strerror(code)))")
    }

    /// Data on disk that cannot be read back, naming the file and the byte offset of the first bad byte.
    static func corruptStore(_ path: String, offset: Int, _ reason: String) -> DomainError {
        DomainError(.corruptStore, "\(path) at offset \(offset): \(reason)")
    }
}
