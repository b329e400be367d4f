@preconcurrency import Glibc

/// A failure of the socket layer to start: which system call failed and its errno.
struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    /// The system call or step that failed.
    let operation: String
    /// The errno it left.
    let errno: Int32

    /// Describes the failure, e.g. "bind: Address already in use".
    var description: String { "\(operation): \(String(cString: strerror(errno)))" }
}
