import FoundationEssentials

/// The one error type of the AWSClient module, carrying what an operator needs to act on a failed call.
public struct AWSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the failure happened.
    public enum Kind: String, Sendable, Equatable {
        /// AWS answered with an error envelope (see `code`, `httpStatus`, `requestId`).
        case service
        /// The request did not complete: connection failure, timeout, lost response.
        case transport
        /// The response could not be decoded.
        case decoding
        /// No usable credentials could be resolved.
        case credentials
        /// Invalid configuration: region, endpoint override, profile.
        case configuration
    }

    /// Where the failure happened.
    public var kind: Kind
    /// The AWS error code (e.g. "InvalidInstanceID.NotFound"), or a short code of Cordon's own.
    public var code: String
    /// The message, as AWS gave it or as Cordon wrote it.
    public var message: String
    /// The HTTP status of the response, when there was one.
    public var httpStatus: Int?
    /// The AWS request ID, when there was one.
    public var requestId: String?

    /// Creates an error.
    public init(kind: Kind, code: String, message: String, httpStatus: Int? = nil, requestId: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let requestId { text += " [request \(requestId)]" }
        return text
    }
}
