import FoundationEssentials
import Platform

/// Canonical JSON text (sorted keys, no whitespace, numbers as received) and a stable hash of it.
extension JSONValue {
    /// The value as compact JSON with object keys sorted, so equal values give equal text.
    public var canonicalJSON: String {
        var output = ""
        appendCanonical(to: &output)
        return output
    }

    private func appendCanonical(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): Self.appendQuoted(text, to: &output)
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                element.appendCanonical(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                Self.appendQuoted(key, to: &output)
                output += ":"
                members[key]?.appendCanonical(to: &output)
            }
            output += "}"
        }
    }

    /// RFC 8259 section 7: escape the quote, the backslash and control characters.
    private static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += "\\u" + scalar.value.zeroPadded(4, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// FNV-1a 64-bit of the canonical JSON, as 16 hex digits: a stable, SHA-free deduplication key for
    /// records that carry no ID of their own (not a security hash; only equal events must collide).
    var canonicalHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalJSON.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
