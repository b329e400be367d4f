import FoundationEssentials
import Glibc

extension Error {
    /// Why a file could not be read, as strerror(3) says it ("No such file or directory"): FoundationEssentials'
    /// file errors print as a whole `CocoaError` value, and Foundation's `localizedDescription` would link all of
    /// Foundation into the binary (docs/PERFORMANCE.md, "Idle memory").
    var readFailureDescription: String {
        let posix = (self as? POSIXError) ?? ((self as? CocoaError)?.userInfo["NSUnderlyingError"] as? POSIXError)
        guard let posix else { return "\(self)" }
        return String(cString: strerror(posix.code.rawValue))
    }
}
