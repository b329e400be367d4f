import FoundationEssentials

/// The one error type of the Domain module: a code the API maps to an HTTP status, and a message for the operator.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// The input is not valid JSON, or a field has the wrong type or value.
        case invalidInput
        /// The input is JSON but no known event shape.
        case unknownEventShape
        /// The named incident (or other entity) does not exist.
        case notFound
        /// The request conflicts with the current state (e.g. an action not allowed in this status).
        case conflict
        /// A write to the data directory failed; nothing that depended on it was acknowledged.
        case storageFailure
        /// The data directory holds something that cannot be read back (corruption, not a torn tail).
        case corruptStore
        /// A cloud call failed (the message carries the provider's code and request ID).
        case cloudFailure
        /// A cloud call failed in a way that may pass if repeated (throttling, 5xx, eventually consistent state).
        case cloudTransient
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence an operator can act on.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
