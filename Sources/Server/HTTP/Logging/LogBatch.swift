@preconcurrency import Glibc
import Platform

/// JSON log lines being built for one write(2): a single line, or the event loop's access log of a loop turn.
///
/// It keeps the current second formatted, so that the lines of a busy second only add their milliseconds:
/// `gmtime_r` and the digit formatting ran once per line before, in the access log that took a seventh of the
/// time of serving `/healthz` (docs/PERFORMANCE.md, "Fourth pass").
struct LogBatch {
    /// The lines so far, each ending in a newline.
    private(set) var bytes: [UInt8] = []
    /// The whole second `secondPrefix` shows, since 1970.
    private var formattedSecond = Int.min
    /// `"2026-11-29T21:35:15.`: a timestamp up to its milliseconds.
    private var secondPrefix: [UInt8] = []

    /// An empty batch.
    init() {}

    /// Forgets the lines, keeping the storage and the formatted second.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Starts a line: `{"ts":"…","level":"…","msg":"…"`.
    mutating func beginLine(level: LogLevel, message: String, at secondsSince1970: Double) {
        bytes.append(contentsOf: #"{"ts":"#.utf8)
        appendTimestamp(secondsSince1970)
        bytes.append(contentsOf: #","level":""#.utf8)
        bytes.append(contentsOf: level.name.utf8)
        bytes.append(contentsOf: #"","msg":"#.utf8)
        appendQuoted(message)
    }

    /// Adds `,"key":value` to the line begun last.
    mutating func appendField(_ key: String, _ value: LogValue) {
        bytes.append(UInt8(ascii: ","))
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        switch value {
        case .string(let text): appendQuoted(text)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .double(let number): bytes.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        }
    }

    /// Ends the line begun last.
    mutating func endLine() {
        bytes.append(contentsOf: "}\n".utf8)
    }

    /// A quoted RFC 3339 UTC timestamp with milliseconds.
    private mutating func appendTimestamp(_ secondsSince1970: Double) {
        let whole = secondsSince1970.rounded(.down)
        let second = Int(whole)
        if second != formattedSecond {
            formattedSecond = second
            secondPrefix = Self.formatSecond(time_t(second))
        }
        bytes.append(contentsOf: secondPrefix)
        let millis = min(999, max(0, Int((secondsSince1970 - whole) * 1000)))
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(millis % 10))
        bytes.append(contentsOf: "Z\"".utf8)
    }

    /// `"YYYY-MM-DDTHH:MM:SS.` for `second`, in UTC.
    private static func formatSecond(_ second: time_t) -> [UInt8] {
        var seconds = second
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let date = (Int(parts.tm_year) + 1900).zeroPadded(4) + "-" + (Int(parts.tm_mon) + 1).zeroPadded(2) + "-"
            + Int(parts.tm_mday).zeroPadded(2)
        let time = Int(parts.tm_hour).zeroPadded(2) + ":" + Int(parts.tm_min).zeroPadded(2) + ":" + Int(parts.tm_sec).zeroPadded(2)
        return Array("\"\(date)T\(time).".utf8)
    }

    /// Appends `text` as a JSON string (RFC 8259 §7 escapes); plain ASCII is copied as is.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // The usual case (ids, paths, messages) needs no escape: copy it in one go.
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: (#"\u00"# + byte.zeroPadded(2, radix: 16)).utf8)
                default:
                    // UTF-8 bytes of non-ASCII scalars are valid inside a JSON string as they are.
                    bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
