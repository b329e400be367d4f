/// Severity of a log line, in increasing order.
enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    /// Detail for debugging.
    case debug
    /// Normal events: start, stop, one line per request.
    case info
    /// Something unexpected that the service survived.
    case warning
    /// A failure an operator should look at.
    case error

    /// The name written in the `level` field.
    var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    /// Orders by severity.
    static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
