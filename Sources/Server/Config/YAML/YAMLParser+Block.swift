import Domain

/// Block collections (YAML 1.2.2 chapter 8.2): indentation gives the structure. Each function starts at its node's
/// first character and returns with the cursor at the start of the line after the node (or at the end).
extension YAMLParser {
    /// The node whose first line has content at column `indent` (0-based), inside a parent indented `parentIndent`.
    mutating func parseBlockNode(parentIndent: Int, indent: Int) throws(YAMLError) -> JSONValue {
        if isSequenceEntry {
            return try parseBlockSequence(indent: indent, sharesMappingIndent: false)
        }
        if try startsMappingEntry() {
            return try parseBlockMapping(indent: indent)
        }
        return try parseInlineValue(parentIndent: parentIndent)
    }

    /// Whether the cursor is at `-` followed by a blank or line end: a block sequence entry (section 8.2.1).
    var isSequenceEntry: Bool {
        current == YAMLByte.hyphen && YAMLByte.isBlankOrLineEnd(byte(at: 1))
    }

    /// Whether a `key:` starts at the cursor; the cursor does not move.
    mutating func startsMappingEntry() throws(YAMLError) -> Bool {
        let start = mark
        let key = try mappingKey()
        reset(to: start)
        return key != nil
    }

    /// Reads an implicit key and its `:` (section 8.2.2: one line, a plain or quoted scalar, then `:` and a blank or
    /// line end); nil, with the cursor back where it was, when no key starts here.
    mutating func mappingKey() throws(YAMLError) -> String? {
        let start = mark
        let key: String
        switch current {
        case YAMLByte.doubleQuote: key = try parseDoubleQuoted()
        case YAMLByte.singleQuote: key = try parseSingleQuoted()
        default:
            guard plainStartProblem(inFlow: false) == nil else { return nil }
            key = scanPlain(inFlow: false)
        }
        skipBlanks()
        guard line == start.line, current == YAMLByte.colon, YAMLByte.isBlankOrLineEnd(byte(at: 1)) else {
            reset(to: start)
            return nil
        }
        position += 1
        return key
    }

    /// A block mapping whose keys sit at column `indent`; the cursor is at the first key.
    private mutating func parseBlockMapping(indent: Int) throws(YAMLError) -> JSONValue {
        try enterCollection(at: mark)
        var members: [String: JSONValue] = [:]
        while true {
            let keyMark = mark
            if isSequenceEntry {
                throw error("a sequence entry ('- ') where a mapping key is expected", at: keyMark)
            }
            guard let key = try mappingKey() else {
                throw error("expected a mapping key followed by ': '", at: keyMark)
            }
            // Section 3.2.1.1: keys are unique; a second value would silently replace the first.
            guard members[key] == nil else { throw error("duplicate key '\(key)'", at: keyMark) }
            members[key] = try parseMappingValue(indent: indent)
            guard let next = try nextContentIndent() else { break }
            if next == indent { continue }
            if next < indent {
                position = lineStart
                break
            }
            throw error("unexpected indentation: the entry above already has its value (a plain value cannot continue on a second line; quote it or use | or >)")
        }
        leaveCollection()
        return .object(members)
    }

    /// The value after `key:` in a mapping indented `indent`: on the same line, on the lines below (more indented,
    /// or a sequence at the same indentation, section 8.2.2's compact form), or none (null).
    private mutating func parseMappingValue(indent: Int) throws(YAMLError) -> JSONValue {
        skipBlanks()
        guard current == YAMLByte.hash || atLineEnd else { return try parseInlineValue(parentIndent: indent) }
        skipToLineEnd()
        if current == YAMLByte.lineFeed { advance() }
        guard let next = try nextContentIndent() else { return .null }
        if next > indent { return try parseBlockNode(parentIndent: indent, indent: next) }
        if next == indent, isSequenceEntry { return try parseBlockSequence(indent: indent, sharesMappingIndent: true) }
        position = lineStart
        return .null
    }

    /// A block sequence whose `-` sit at column `indent`; the cursor is at the first `-`. `sharesMappingIndent` says
    /// it is a mapping's value at the mapping's own indentation, so a key at that column ends it.
    private mutating func parseBlockSequence(indent: Int, sharesMappingIndent: Bool) throws(YAMLError) -> JSONValue {
        try enterCollection(at: mark)
        var items: [JSONValue] = []
        while true {
            position += 1
            while current == YAMLByte.space { position += 1 }
            if current == YAMLByte.tab {
                let tab = mark
                skipBlanks()
                guard current == YAMLByte.hash || atLineEnd else {
                    throw error("a tab after '-'; separate a sequence entry from its value with spaces", at: tab)
                }
            }
            items.append(try parseSequenceItem(indent: indent))
            guard let next = try nextContentIndent() else { break }
            if next == indent, isSequenceEntry { continue }
            if next < indent || (next == indent && sharesMappingIndent) {
                position = lineStart
                break
            }
            if next == indent { throw error("expected a sequence entry ('- ') at this indentation") }
            throw error("unexpected indentation: the entry above already has its value (a plain value cannot continue on a second line; quote it or use | or >)")
        }
        leaveCollection()
        return .array(items)
    }

    /// The item after `- `: on the same line (a scalar, a flow collection, or a compact nested sequence or mapping
    /// whose indentation is this column), on the lines below, or none (null).
    private mutating func parseSequenceItem(indent: Int) throws(YAMLError) -> JSONValue {
        if current == YAMLByte.hash || atLineEnd {
            skipToLineEnd()
            if current == YAMLByte.lineFeed { advance() }
            guard let next = try nextContentIndent() else { return .null }
            if next > indent { return try parseBlockNode(parentIndent: indent, indent: next) }
            position = lineStart
            return .null
        }
        let column = position - lineStart
        if isSequenceEntry { return try parseBlockSequence(indent: column, sharesMappingIndent: false) }
        if try startsMappingEntry() { return try parseBlockMapping(indent: column) }
        return try parseInlineValue(parentIndent: indent)
    }

    /// A value that starts on the current line: a flow collection, a quoted, block or plain scalar. `parentIndent`
    /// is the indentation of the collection holding it, which a block scalar's lines must exceed.
    mutating func parseInlineValue(parentIndent: Int) throws(YAMLError) -> JSONValue {
        let start = mark
        let value: JSONValue
        switch current {
        case YAMLByte.openBracket, YAMLByte.openBrace:
            value = try parseFlowCollection()
        case YAMLByte.doubleQuote:
            value = .string(try parseDoubleQuoted())
        case YAMLByte.singleQuote:
            value = .string(try parseSingleQuoted())
        case YAMLByte.pipe, YAMLByte.greaterThan:
            return try parseBlockScalar(parentIndent: parentIndent)
        default:
            if let problem = plainStartProblem(inFlow: false) { throw error(problem) }
            let text = scanPlain(inFlow: false)
            if current == YAMLByte.colon {
                throw error("':' after a value on the same line; quote the value, or start the nested mapping on its own line")
            }
            value = try resolve(text, at: start)
        }
        try finishLine(after: "the value")
        return value
    }
}
