import Domain

/// Plain and quoted scalars (YAML 1.2.2 chapter 7.3).
extension YAMLParser {
    /// Why a plain scalar cannot start at the cursor (section 7.3.3, ns-plain-first), in words that name the
    /// unsupported feature when the indicator starts one; nil when one can.
    func plainStartProblem(inFlow: Bool) -> String? {
        guard let first = current else { return "a value is missing" }
        let next = byte(at: 1)
        let separated = YAMLByte.isBlankOrLineEnd(next) || inFlow && YAMLByte.isFlowIndicator(next)
        switch first {
        case UInt8(ascii: "&"): return "anchors (&) are not supported"
        case UInt8(ascii: "*"): return "aliases (*) are not supported; quote a value that starts with '*'"
        case UInt8(ascii: "!"): return "tags (!) are not supported; quote a value that starts with '!'"
        case YAMLByte.percent: return "directives (%) are not supported; quote a value that starts with '%'"
        case UInt8(ascii: "@"), UInt8(ascii: "`"): return "'@' and '`' are reserved; quote a value that starts with one"
        case YAMLByte.hash: return "'#' cannot start a value (a comment needs a space before it); quote the value"
        case YAMLByte.pipe, YAMLByte.greaterThan:
            return "block scalars (| and >) cannot be inside [ ] or { }"
        case YAMLByte.comma, YAMLByte.openBracket, YAMLByte.closeBracket, YAMLByte.openBrace, YAMLByte.closeBrace:
            return "unexpected \(describeCurrent())"
        case YAMLByte.questionMark where separated: return "complex keys ('? ') are not supported"
        case YAMLByte.colon where separated: return "a key is missing before ':'"
        case YAMLByte.hyphen where separated:
            return inFlow ? "a block sequence ('- ') cannot be inside [ ] or { }"
                : "a block sequence ('- ') cannot start on this line; start it on the next line"
        case YAMLByte.lineFeed: return "a value is missing"
        default: return nil
        }
    }

    /// Reads a plain scalar on the current line (section 7.3.3): it ends at `: ` (or `:` at the line end), at ` #`,
    /// at the line end, and inside a flow collection at `,[]{}` and `:` before one of them. Trailing blanks are not
    /// part of it. The caller has checked `plainStartProblem`, so at least one byte is read.
    mutating func scanPlain(inFlow: Bool) -> String {
        let start = position
        var end = position
        while let byte = current, byte != YAMLByte.lineFeed {
            if byte == YAMLByte.colon {
                let next = self.byte(at: 1)
                if YAMLByte.isBlankOrLineEnd(next) || inFlow && YAMLByte.isFlowIndicator(next) { break }
            } else if byte == YAMLByte.hash {
                if YAMLByte.isBlank(bytes[position - 1]) { break }
            } else if inFlow, YAMLByte.isFlowIndicator(byte) {
                break
            }
            position += 1
            if !YAMLByte.isBlank(byte) { end = position }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The JSON value of a plain scalar by the core schema, or an error at `start` for a number JSON cannot hold.
    func resolve(_ text: String, at start: Mark) throws(YAMLError) -> JSONValue {
        switch YAMLCoreSchema.resolve(text) {
        case .value(let value): return value
        case .unrepresentable:
            throw error("'\(text)' is a number JSON cannot hold (infinity, not-a-number, or an integer beyond 64 bits); quote it to keep it as text", at: start)
        }
    }

    /// Reads a double-quoted scalar (section 7.3.1) with its escapes (section 5.7); it may span lines, which fold.
    mutating func parseDoubleQuoted() throws(YAMLError) -> String {
        let open = mark
        position += 1
        var text: [UInt8] = []
        var kept = 0
        while true {
            guard let byte = current else { throw error("a double-quoted string is not closed", at: open) }
            switch byte {
            case YAMLByte.doubleQuote:
                position += 1
                return String(decoding: text, as: UTF8.self)
            case YAMLByte.backslash:
                let escape = mark
                position += 1
                if current == YAMLByte.lineFeed {
                    try foldLineBreak(into: &text, kept: &kept, escaped: true, open: open)
                } else {
                    try appendEscape(to: &text, escape: escape)
                    kept = text.count
                }
            case YAMLByte.lineFeed:
                try foldLineBreak(into: &text, kept: &kept, escaped: false, open: open)
            default:
                text.append(byte)
                position += 1
                if !YAMLByte.isBlank(byte) { kept = text.count }
            }
        }
    }

    /// Reads a single-quoted scalar (section 7.3.2): `''` is a quote, nothing else is special; it may span lines.
    mutating func parseSingleQuoted() throws(YAMLError) -> String {
        let open = mark
        position += 1
        var text: [UInt8] = []
        var kept = 0
        while true {
            guard let byte = current else { throw error("a single-quoted string is not closed", at: open) }
            if byte == YAMLByte.singleQuote {
                guard self.byte(at: 1) == YAMLByte.singleQuote else {
                    position += 1
                    return String(decoding: text, as: UTF8.self)
                }
                text.append(YAMLByte.singleQuote)
                position += 2
                kept = text.count
            } else if byte == YAMLByte.lineFeed {
                try foldLineBreak(into: &text, kept: &kept, escaped: false, open: open)
            } else {
                text.append(byte)
                position += 1
                if !YAMLByte.isBlank(byte) { kept = text.count }
            }
        }
    }

    /// Folds a line break inside a quoted scalar (section 6.5): blanks before it go, as do the next line's leading
    /// blanks; one break becomes a space (none when escaped with `\`), and each empty line after it a line feed.
    private mutating func foldLineBreak(into text: inout [UInt8], kept: inout Int, escaped: Bool, open: Mark) throws(YAMLError) {
        if !escaped { text.removeLast(text.count - kept) }
        advance()
        var emptyLines = 0
        while true {
            skipBlanks()
            guard current == YAMLByte.lineFeed else { break }
            emptyLines += 1
            advance()
        }
        guard current != nil else { throw error("a quoted string is not closed", at: open) }
        // Section 9.1.2: a document marker ends the document even inside a quoted scalar.
        if position == lineStart, isDocumentMarker(YAMLByte.hyphen) || isDocumentMarker(YAMLByte.period) {
            throw error("a document marker inside a quoted string that is not closed", at: open)
        }
        if emptyLines > 0 {
            text.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: emptyLines))
        } else if !escaped {
            text.append(YAMLByte.space)
        }
        kept = text.count
    }

    /// Appends the character a double-quoted escape stands for (section 5.7); the cursor is after the `\`.
    private mutating func appendEscape(to text: inout [UInt8], escape: Mark) throws(YAMLError) {
        guard let byte = current else { throw error("a double-quoted string is not closed", at: escape) }
        position += 1
        let scalar: UInt32
        switch byte {
        case UInt8(ascii: "0"): scalar = 0
        case UInt8(ascii: "a"): scalar = 0x07
        case UInt8(ascii: "b"): scalar = 0x08
        case UInt8(ascii: "t"), YAMLByte.tab: scalar = 0x09
        case UInt8(ascii: "n"): scalar = 0x0A
        case UInt8(ascii: "v"): scalar = 0x0B
        case UInt8(ascii: "f"): scalar = 0x0C
        case UInt8(ascii: "r"): scalar = 0x0D
        case UInt8(ascii: "e"): scalar = 0x1B
        case YAMLByte.space, YAMLByte.doubleQuote, UInt8(ascii: "/"), YAMLByte.backslash: scalar = UInt32(byte)
        case UInt8(ascii: "N"): scalar = 0x85
        case UInt8(ascii: "_"): scalar = 0xA0
        case UInt8(ascii: "L"): scalar = 0x2028
        case UInt8(ascii: "P"): scalar = 0x2029
        case UInt8(ascii: "x"): scalar = try hexDigits(2, escape: escape)
        case UInt8(ascii: "u"): scalar = try hexDigits(4, escape: escape)
        case UInt8(ascii: "U"): scalar = try hexDigits(8, escape: escape)
        default:
            position -= 1
            throw error("invalid escape '\\\(describeCurrent().dropFirst().dropLast())' in a double-quoted string", at: escape)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw error("escape '\\\(String(scalar, radix: 16))' is not a Unicode scalar value", at: escape)
        }
        UTF8.encode(unicode) { text.append($0) }
    }

    /// Reads `count` hex digits of a `\x`, `\u` or `\U` escape.
    private mutating func hexDigits(_ count: Int, escape: Mark) throws(YAMLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            let digit: UInt8
            switch current {
            case .some(let byte) where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case .some(let byte) where byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case .some(let byte) where byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("an escape needs \(count) hex digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
