import Domain

/// Flow collections (YAML 1.2.2 chapter 7.4): `[a, b]` and `{k: v}`, nestable, free to span lines.
extension YAMLParser {
    /// The flow sequence or mapping at the cursor (`[` or `{`).
    mutating func parseFlowCollection() throws(YAMLError) -> JSONValue {
        current == YAMLByte.openBracket ? try parseFlowSequence() : try parseFlowMapping()
    }

    /// `[a, b, ]`: entries separated by commas, an optional trailing comma (section 7.4.1).
    private mutating func parseFlowSequence() throws(YAMLError) -> JSONValue {
        let open = mark
        try enterCollection(at: open)
        position += 1
        var items: [JSONValue] = []
        while true {
            try skipFlowSeparation(open: open, closer: "]")
            if current == YAMLByte.closeBracket { break }
            items.append(try parseFlowNode())
            try skipFlowSeparation(open: open, closer: "]")
            switch current {
            case YAMLByte.comma: position += 1
            case YAMLByte.closeBracket: break
            case YAMLByte.colon: throw error("a 'key: value' pair inside [ ] must be in braces: [{key: value}]")
            default: throw error("expected ',' or ']' in a flow sequence, found \(describeCurrent())")
            }
            if current == YAMLByte.closeBracket { break }
        }
        position += 1
        leaveCollection()
        return .array(items)
    }

    /// `{k: v, k2, }`: scalar keys, each with an optional `: value` (null without), commas between (section 7.4.2).
    private mutating func parseFlowMapping() throws(YAMLError) -> JSONValue {
        let open = mark
        try enterCollection(at: open)
        position += 1
        var members: [String: JSONValue] = [:]
        while true {
            try skipFlowSeparation(open: open, closer: "}")
            if current == YAMLByte.closeBrace { break }
            let keyMark = mark
            let key: String
            switch current {
            case YAMLByte.doubleQuote: key = try parseDoubleQuoted()
            case YAMLByte.singleQuote: key = try parseSingleQuoted()
            case YAMLByte.openBracket, YAMLByte.openBrace: throw error("a mapping key must be a plain or quoted scalar")
            default:
                if let problem = plainStartProblem(inFlow: true) { throw error(problem) }
                key = scanPlain(inFlow: true)
            }
            guard members[key] == nil else { throw error("duplicate key '\(key)'", at: keyMark) }
            try skipFlowSeparation(open: open, closer: "}")
            var value = JSONValue.null
            if current == YAMLByte.colon {
                position += 1
                try skipFlowSeparation(open: open, closer: "}")
                if current != YAMLByte.comma, current != YAMLByte.closeBrace {
                    value = try parseFlowNode()
                    try skipFlowSeparation(open: open, closer: "}")
                }
            }
            members[key] = value
            switch current {
            case YAMLByte.comma: position += 1
            case YAMLByte.closeBrace: break
            default: throw error("expected ',' or '}' in a flow mapping, found \(describeCurrent())")
            }
            if current == YAMLByte.closeBrace { break }
        }
        position += 1
        leaveCollection()
        return .object(members)
    }

    /// One entry's value inside a flow collection: a nested collection, a quoted or a plain scalar.
    private mutating func parseFlowNode() throws(YAMLError) -> JSONValue {
        switch current {
        case YAMLByte.openBracket, YAMLByte.openBrace: return try parseFlowCollection()
        case YAMLByte.doubleQuote: return .string(try parseDoubleQuoted())
        case YAMLByte.singleQuote: return .string(try parseSingleQuoted())
        default:
            let start = mark
            if let problem = plainStartProblem(inFlow: true) { throw error(problem) }
            return try resolve(scanPlain(inFlow: true), at: start)
        }
    }

    /// Skips blanks, line breaks and comments between flow tokens; the collection opened at `open` must close
    /// with `closer` before the input ends or a document marker comes.
    private mutating func skipFlowSeparation(open: Mark, closer: String) throws(YAMLError) {
        while let byte = current {
            if YAMLByte.isBlank(byte) {
                position += 1
            } else if byte == YAMLByte.lineFeed {
                advance()
                if isDocumentMarker(YAMLByte.hyphen) || isDocumentMarker(YAMLByte.period) {
                    throw error("'\(closer == "]" ? "[" : "{")' is not closed with '\(closer)' before the document marker", at: open)
                }
            } else if byte == YAMLByte.hash, position == lineStart || YAMLByte.isBlank(bytes[position - 1]) {
                skipToLineEnd()
            } else {
                return
            }
        }
        throw error("'\(closer == "]" ? "[" : "{")' is not closed with '\(closer)'", at: open)
    }
}
