@preconcurrency import Glibc
import Foundation

/// Structured logs as JSON lines (one object per line: ts, level, msg, then the fields), written with a
/// single write(2) per line so lines from several threads never interleave.
struct JSONLineLogger: Sendable {
    /// Lines below this level are dropped.
    let minimumLevel: LogLevel
    private let sink: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double

    /// A logger writing to `sink`, timestamped from `clock` (seconds since 1970); the seams tests use.
    init(minimumLevel: LogLevel = .info, clock: @escaping @Sendable () -> Double, sink: @escaping @Sendable (String) -> Void) {
        self.minimumLevel = minimumLevel
        self.clock = clock
        self.sink = sink
    }

    /// The live logger: standard error and the wall clock.
    static func standardError(minimumLevel: LogLevel = .info) -> JSONLineLogger {
        JSONLineLogger(minimumLevel: minimumLevel, clock: { Date().timeIntervalSince1970 }) { line in
            line.utf8CString.withUnsafeBufferPointer { buffer in
                _ = Glibc.write(STDERR_FILENO, buffer.baseAddress, buffer.count - 1)
            }
        }
    }

    /// Logs at debug level.
    func debug(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.debug, message, fields) }
    /// Logs at info level.
    func info(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.info, message, fields) }
    /// Logs at warning level.
    func warning(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.warning, message, fields) }
    /// Logs at error level.
    func error(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.error, message, fields) }

    /// Writes one line if `level` is enabled.
    func log(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, LogValue>) {
        guard level >= minimumLevel else { return }
        var line = #"{"ts":"#
        line += Self.timestamp(clock())
        line += #","level":""# + level.name + #"","msg":"#
        Self.appendQuoted(message, to: &line)
        for (key, value) in fields {
            line += ","
            Self.appendQuoted(key, to: &line)
            line += ":"
            switch value {
            case .string(let text): Self.appendQuoted(text, to: &line)
            case .int(let number): line += String(number)
            case .double(let number): line += number.isFinite ? String(number) : "null"
            case .bool(let flag): line += flag ? "true" : "false"
            }
        }
        line += "}\n"
        sink(line)
    }

    /// An RFC 3339 UTC timestamp with milliseconds, quoted.
    static func timestamp(_ secondsSince1970: Double) -> String {
        var seconds = time_t(secondsSince1970.rounded(.down))
        let millis = Int((secondsSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\"\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(milliText)Z\""
    }

    /// Appends `text` as a JSON string (RFC 8259 §7 escapes).
    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
