import FoundationEssentials

extension AWSClientError {
    /// The code of a transport error caused by the deadline passing (costs more retry quota).
    public static let timedOutCode = "TimedOut"
    /// The code of any other transport failure: refused, reset, DNS, TLS, bad framing, lost connection.
    public static let connectionFailedCode = "ConnectionFailed"

    /// The exchange did not finish within its deadline.
    static func timedOut(_ message: String) -> AWSClientError {
        AWSClientError(kind: .transport, code: timedOutCode, message: message)
    }

    /// The exchange failed for any other reason; the message says what was wrong.
    static func connectionFailed(_ message: String) -> AWSClientError {
        AWSClientError(kind: .transport, code: connectionFailedCode, message: message)
    }
}
