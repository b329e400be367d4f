import Foundation

/// Why a moto-backed test could not set up its environment: a missing tool, a script that failed, a process that
/// did not start. The one error type of MotoSupport.
public struct MotoSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the test's failure message.
    public var description: String

    /// Creates an error with what went wrong.
    public init(_ description: String) {
        self.description = description
    }
}
