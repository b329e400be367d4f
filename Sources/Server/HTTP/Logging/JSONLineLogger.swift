@preconcurrency import Glibc
import FoundationEssentials

/// Structured logs as JSON lines (one object per line: ts, level, msg, then the fields), written with a
/// single write(2) per line so lines from several threads never interleave.
struct JSONLineLogger: Sendable {
    /// Lines below this level are dropped.
    let minimumLevel: LogLevel
    private let sink: @Sendable ([UInt8]) -> Void
    private let clock: @Sendable () -> Double

    /// A logger writing to `sink`, timestamped from `clock` (seconds since 1970); the seams tests use.
    init(minimumLevel: LogLevel = .info, clock: @escaping @Sendable () -> Double, sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.minimumLevel = minimumLevel
        self.clock = clock
        self.sink = sink
    }

    /// The live logger: standard error and the wall clock.
    static func standardError(minimumLevel: LogLevel = .info) -> JSONLineLogger {
        JSONLineLogger(minimumLevel: minimumLevel, clock: { Date().timeIntervalSince1970 }) { lines in
            lines.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    // A log that cannot be written (closed stderr) must not stop the service.
                    guard written > 0 || errno == EINTR else { return }
                    offset += max(0, written)
                }
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
        var line: [UInt8] = []
        append(level, message, fields, to: &line)
        sink(line)
    }

    /// Appends one line to `batch` if `level` is enabled, for a caller that writes many lines at once
    /// with `write(_:)` (the event loop's access log: one write(2) per loop turn instead of per request).
    func append(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, LogValue>, to batch: inout [UInt8]) {
        guard level >= minimumLevel else { return }
        batch.append(contentsOf: #"{"ts":"#.utf8)
        Self.appendTimestamp(clock(), to: &batch)
        batch.append(contentsOf: #","level":""#.utf8)
        batch.append(contentsOf: level.name.utf8)
        batch.append(contentsOf: #"","msg":"#.utf8)
        Self.appendQuoted(message, to: &batch)
        for (key, value) in fields {
            batch.append(UInt8(ascii: ","))
            Self.appendQuoted(key, to: &batch)
            batch.append(UInt8(ascii: ":"))
            switch value {
            case .string(let text): Self.appendQuoted(text, to: &batch)
            case .int(let number): Self.appendDecimal(number, to: &batch)
            case .double(let number): batch.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
            case .bool(let flag): batch.append(contentsOf: (flag ? "true" : "false").utf8)
            }
        }
        batch.append(contentsOf: "}\n".utf8)
    }

    /// Writes lines gathered with `append(_:_:_:to:)`.
    func write(_ batch: [UInt8]) {
        guard !batch.isEmpty else { return }
        sink(batch)
    }

    /// A quoted RFC 3339 UTC timestamp with milliseconds.
    static func appendTimestamp(_ secondsSince1970: Double, to line: inout [UInt8]) {
        var seconds = time_t(secondsSince1970.rounded(.down))
        let millis = Int((secondsSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        line.append(UInt8(ascii: "\""))
        appendDigits(Int(parts.tm_year) + 1900, width: 4, to: &line)
        line.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mon) + 1, width: 2, to: &line)
        line.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mday), width: 2, to: &line)
        line.append(UInt8(ascii: "T"))
        appendDigits(Int(parts.tm_hour), width: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_min), width: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_sec), width: 2, to: &line)
        line.append(UInt8(ascii: "."))
        appendDigits(millis, width: 3, to: &line)
        line.append(contentsOf: "Z\"".utf8)
    }

    /// Appends a non-negative number zero-padded to `width` digits.
    private static func appendDigits(_ value: Int, width: Int, to line: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            line.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends an integer in decimal.
    static func appendDecimal(_ value: Int, to line: inout [UInt8]) {
        line.append(contentsOf: String(value).utf8)
    }

    /// Appends `text` as a JSON string (RFC 8259 §7 escapes); plain ASCII is copied as is.
    static func appendQuoted(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        // The usual case (ids, paths, messages) needs no escape: copy it in one go.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            line.append(contentsOf: text.utf8)
            line.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): line.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): line.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): line.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): line.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): line.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                line.append(contentsOf: #"\u00"#.utf8)
                line.append(hex[Int(byte >> 4)])
                line.append(hex[Int(byte & 0xF)])
            default:
                // UTF-8 bytes of non-ASCII scalars are valid inside a JSON string as they are.
                line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
