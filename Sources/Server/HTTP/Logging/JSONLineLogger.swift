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
        var line = LogBatch()
        append(level, message, fields, to: &line)
        sink(line.bytes)
    }

    /// Appends one line to `batch` if `level` is enabled, for a caller that writes many lines at once
    /// with `write(_:)` (the event loop's access log: one write(2) per loop turn instead of per request).
    func append(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, LogValue>, to batch: inout LogBatch) {
        guard level >= minimumLevel else { return }
        batch.beginLine(level: level, message: message, at: clock())
        for (key, value) in fields { batch.appendField(key, value) }
        batch.endLine()
    }

    /// Appends the access-log line of one answered request: the line `append(.info, "request", ...)` writes with
    /// the record's fields, without building the field list, since every request writes one.
    func appendRequest(_ record: HTTPExchangeRecord, to batch: inout LogBatch) {
        guard LogLevel.info >= minimumLevel else { return }
        batch.beginLine(level: .info, message: "request", at: clock())
        batch.appendField("request_id", .string(record.requestID))
        batch.appendField("method", .string(record.method))
        batch.appendField("path", .string(record.path))
        batch.appendField("route", .string(record.route))
        batch.appendField("status", .int(record.status))
        batch.appendField("duration_ms", .double(Double(record.durationNanoseconds) / 1_000_000))
        batch.endLine()
    }

    /// Writes lines gathered with `append(_:_:_:to:)` and `appendRequest(_:to:)`.
    func write(_ batch: LogBatch) {
        guard !batch.bytes.isEmpty else { return }
        sink(batch.bytes)
    }
}
