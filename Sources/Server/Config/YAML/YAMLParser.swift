import Domain

/// A reader for the YAML subset Cordon's config files use, producing the `JSONValue` a JSON config gives.
///
/// Accepted (YAML 1.2.2): block mappings and sequences indented with spaces, `- key: value` entries, comments,
/// an optional leading `---` and trailing `...`, plain, single- and double-quoted scalars, flow sequences and
/// mappings (nestable, across lines), literal `|` and folded `>` block scalars with `-`/`+` chomping and an
/// indentation digit. Plain scalars resolve by the core schema (section 10.3.2, `YAMLCoreSchema`); quoted and
/// block scalars are strings; keys are taken as text and must be unique. Refused, with the line and column:
/// anchors, aliases, tags, complex (`?`) keys, directives, multiple documents, tabs in indentation, plain scalars
/// continued on a second line, and nesting deeper than `maximumDepth`. Nothing else is guessed at.
///
/// One pass over the bytes, each line read a bounded number of times; recursion is bounded by `maximumDepth`.
struct YAMLParser {
    /// Collections nested deeper than this are refused, which bounds the recursion on hostile input.
    static let maximumDepth = 64

    /// Parses `text`, one YAML document, into a JSON value; an empty document is `.null`.
    static func parse(_ text: String) throws(YAMLError) -> JSONValue {
        var parser = try YAMLParser(text)
        return try parser.parseDocument()
    }

    /// A place in the input to come back to, or to report.
    struct Mark {
        let position: Int
        let line: Int
        let lineStart: Int
    }

    /// The input with every line break as LF (YAML 1.2.2 section 5.4 normalises CR LF and CR the same way).
    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    private init(_ text: String) throws(YAMLError) {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(text.utf8.count)
        var source = text.utf8[...]
        // A byte order mark may start the stream (section 5.2).
        if source.starts(with: [0xEF, 0xBB, 0xBF]) { source = source.dropFirst(3) }
        var lineNumber = 1
        var currentLineStart = 0
        var previousWasCR = false
        for byte in source {
            defer { previousWasCR = byte == YAMLByte.carriageReturn }
            if byte == YAMLByte.lineFeed, previousWasCR { continue }
            if byte == YAMLByte.carriageReturn || byte == YAMLByte.lineFeed {
                normalized.append(YAMLByte.lineFeed)
                lineNumber += 1
                currentLineStart = normalized.count
                continue
            }
            // Section 5.1: C0 controls other than tab and line breaks, and DEL, are not printable YAML.
            if byte < 0x20 && byte != YAMLByte.tab || byte == 0x7F {
                let column = Self.column(in: normalized, lineStart: currentLineStart, position: normalized.count)
                let code = String(byte, radix: 16, uppercase: true)
                throw YAMLError(line: lineNumber, column: column,
                                reason: "control character U+\(code.count < 2 ? "0" : "")\(code) is not allowed in YAML")
            }
            normalized.append(byte)
        }
        bytes = normalized
    }

    /// Reads the one document: an optional `---` line, a node, an optional `...` line, nothing after.
    private mutating func parseDocument() throws(YAMLError) -> JSONValue {
        var indent = try nextContentIndent()
        if indent == 0, current == YAMLByte.percent {
            throw error("directives (%YAML, %TAG) are not supported")
        }
        if indent == nil, isDocumentMarker(YAMLByte.hyphen) {
            position += 3
            try finishLine(after: "'---'")
            indent = try nextContentIndent()
        }
        var value = JSONValue.null
        if let indent {
            value = try parseBlockNode(parentIndent: -1, indent: indent)
            if try nextContentIndent() != nil {
                throw error("unexpected text after the document's top-level value; check its indentation")
            }
        }
        if isDocumentMarker(YAMLByte.period) {
            position += 3
            try finishLine(after: "'...'")
            _ = try nextContentIndent()
        }
        if position < bytes.count {
            throw error("multiple documents are not supported; a config file holds one")
        }
        return value
    }

    /// The byte at the cursor; nil at the end of the input.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The byte `offset` bytes past the cursor; nil past the end.
    func byte(at offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// Whether the cursor is at a line break or the end of the input.
    var atLineEnd: Bool { position >= bytes.count || bytes[position] == YAMLByte.lineFeed }

    /// The cursor, to restore or report.
    var mark: Mark { Mark(position: position, line: line, lineStart: lineStart) }

    /// Moves the cursor back to `mark`.
    mutating func reset(to mark: Mark) {
        position = mark.position
        line = mark.line
        lineStart = mark.lineStart
    }

    /// Steps over one byte, counting lines.
    mutating func advance() {
        if bytes[position] == YAMLByte.lineFeed {
            line += 1
            lineStart = position + 1
        }
        position += 1
    }

    /// Steps over spaces and tabs (separation within a line, section 6.2).
    mutating func skipBlanks() {
        while let byte = current, YAMLByte.isBlank(byte) { position += 1 }
    }

    /// Steps to the line break that ends a comment.
    mutating func skipToLineEnd() {
        while !atLineEnd { position += 1 }
    }

    /// Ends a line after a value or marker: blanks, an optional comment (which needs a blank before its `#`,
    /// section 6.6), then the line break.
    mutating func finishLine(after what: String) throws(YAMLError) {
        skipBlanks()
        if current == YAMLByte.hash {
            guard YAMLByte.isBlank(bytes[position - 1]) else { throw error("a comment needs a space before '#'") }
            skipToLineEnd()
        }
        if current == YAMLByte.lineFeed {
            advance()
        } else if let byte = current {
            if byte == YAMLByte.colon {
                throw error("unexpected ':' after \(what); a key must be a plain or quoted scalar, and a nested mapping starts on its own line")
            }
            throw error("unexpected \(describeCurrent()) after \(what)")
        }
    }

    /// From the start of a line, skips blank and comment lines to the next content and returns its indentation
    /// (spaces only: section 6.1 forbids tabs there); nil at the end of the input or at a document marker, where
    /// the cursor is left at that line's start.
    mutating func nextContentIndent() throws(YAMLError) -> Int? {
        while position < bytes.count {
            while current == YAMLByte.space { position += 1 }
            if current == YAMLByte.tab {
                let tab = mark
                skipBlanks()
                guard current == YAMLByte.hash || atLineEnd else {
                    throw error("a tab in indentation; YAML indents with spaces only", at: tab)
                }
            }
            if current == YAMLByte.hash { skipToLineEnd() }
            if current == YAMLByte.lineFeed {
                advance()
                continue
            }
            guard position < bytes.count else { return nil }
            let indent = position - lineStart
            if indent == 0, isDocumentMarker(YAMLByte.hyphen) || isDocumentMarker(YAMLByte.period) { return nil }
            return indent
        }
        return nil
    }

    /// Whether a document marker (`---` or `...`, three of `byte`, then a blank or line end) starts the cursor's line
    /// and the cursor is at that line's start (section 9.1.2).
    func isDocumentMarker(_ marker: UInt8) -> Bool {
        position == lineStart && byte(at: 0) == marker && byte(at: 1) == marker && byte(at: 2) == marker
            && YAMLByte.isBlankOrLineEnd(byte(at: 3))
    }

    /// Enters a collection, refusing nesting deeper than `maximumDepth`.
    mutating func enterCollection(at start: Mark) throws(YAMLError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("collections nested deeper than \(Self.maximumDepth) levels", at: start)
        }
    }

    /// Leaves a collection entered with `enterCollection`.
    mutating func leaveCollection() {
        depth -= 1
    }

    /// The character at the cursor, quoted, or where the cursor is, for error messages.
    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of file" }
        if bytes[position] == YAMLByte.lineFeed { return "end of line" }
        let scalar = String(decoding: bytes[position..<min(position + 4, bytes.count)], as: UTF8.self).unicodeScalars.first
        return "'\(scalar.map(String.init) ?? "?")'"
    }

    /// An error at `mark` (the cursor when nil).
    func error(_ reason: String, at mark: Mark? = nil) -> YAMLError {
        let place = mark ?? self.mark
        return YAMLError(line: place.line, column: Self.column(in: bytes, lineStart: place.lineStart, position: place.position),
                         reason: reason)
    }

    /// The 1-based column of `position`, counting Unicode scalars (UTF-8 lead bytes) from the line's start.
    private static func column(in bytes: [UInt8], lineStart: Int, position: Int) -> Int {
        1 + bytes[lineStart..<min(position, bytes.count)].reduce(0) { count, byte in count + (byte & 0xC0 == 0x80 ? 0 : 1) }
    }
}
