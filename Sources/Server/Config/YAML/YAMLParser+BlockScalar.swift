import Domain

/// Literal `|` and folded `>` block scalars (YAML 1.2.2 chapter 8.1).
extension YAMLParser {
    /// How a block scalar's final line breaks are kept (section 8.1.1.2).
    private enum Chomping {
        /// `-`: none.
        case strip
        /// The default: one.
        case clip
        /// `+`: all.
        case keep
    }

    /// The block scalar whose header (`|` or `>`, then optional chomping and indentation indicators) is at the
    /// cursor, in a collection indented `parentIndent`; its lines are those indented more than that.
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLError) -> JSONValue {
        let header = mark
        let literal = current == YAMLByte.pipe
        position += 1
        var chomping = Chomping.clip
        var explicitIndent: Int?
        var chompingSeen = false
        while let byte = current {
            if !chompingSeen, byte == YAMLByte.hyphen || byte == YAMLByte.plus {
                chomping = byte == YAMLByte.hyphen ? .strip : .keep
                chompingSeen = true
            } else if explicitIndent == nil, byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") {
                explicitIndent = Int(byte - UInt8(ascii: "0"))
            } else {
                break
            }
            position += 1
        }
        try finishLine(after: "the block scalar header (| or >, then optionally - or + and an indentation digit 1-9)")
        let indent: Int
        if let explicitIndent {
            indent = parentIndent + explicitIndent
        } else {
            indent = try detectedIndent(parentIndent: parentIndent, header: header)
        }
        var lines: [ArraySlice<UInt8>] = []
        var lastLineBroken = true
        while position < bytes.count {
            let start = mark
            while position - lineStart < indent, current == YAMLByte.space { position += 1 }
            if position - lineStart < indent {
                guard atLineEnd else {
                    reset(to: start)
                    break
                }
                lines.append([])
            } else {
                if indent == 0, isDocumentMarker(YAMLByte.hyphen) || isDocumentMarker(YAMLByte.period) { break }
                let textStart = position
                skipToLineEnd()
                lines.append(bytes[textStart..<position])
            }
            if current == YAMLByte.lineFeed { advance() } else { lastLineBroken = false }
        }
        return .string(String(decoding: content(of: lines, literal: literal, chomping: chomping, lastLineBroken: lastLineBroken),
                              as: UTF8.self))
    }

    /// Section 8.1.1.1: the first non-empty line's indentation, which must exceed `parentIndent` (else the scalar
    /// is empty); no empty line before it may be longer. With no content line, the longest empty line's.
    private func detectedIndent(parentIndent: Int, header: Mark) throws(YAMLError) -> Int {
        var scan = position
        var longestEmpty = 0
        while scan < bytes.count {
            var spaces = 0
            while scan < bytes.count, bytes[scan] == YAMLByte.space {
                scan += 1
                spaces += 1
            }
            if scan < bytes.count, bytes[scan] != YAMLByte.lineFeed {
                guard spaces > parentIndent else { return parentIndent + 1 }
                guard longestEmpty <= spaces else {
                    throw error("an empty line at the start of the block scalar has more spaces than its first line", at: header)
                }
                return spaces
            }
            longestEmpty = max(longestEmpty, spaces)
            scan += 1
        }
        return max(longestEmpty, parentIndent + 1)
    }

    /// Joins a block scalar's lines (indentation removed; empty lines empty): literal keeps every break; folded
    /// (section 8.1.3) turns a break between two lines that do not start with a blank into a space, or drops it
    /// when empty lines follow. Then chomping applies to the final breaks.
    private func content(of lines: [ArraySlice<UInt8>], literal: Bool, chomping: Chomping, lastLineBroken: Bool) -> [UInt8] {
        guard let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return chomping == .keep ? Array(repeating: YAMLByte.lineFeed, count: lines.count) : []
        }
        var text: [UInt8] = []
        var previous: ArraySlice<UInt8>?
        var emptyLines = 0
        for line in lines[...last] {
            guard !line.isEmpty else {
                emptyLines += 1
                continue
            }
            if let previous {
                let folds = !literal && !YAMLByte.isBlank(previous.first) && !YAMLByte.isBlank(line.first)
                if folds && emptyLines == 0 {
                    text.append(YAMLByte.space)
                } else {
                    text.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: folds ? emptyLines : emptyLines + 1))
                }
            } else {
                text.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: emptyLines))
            }
            text.append(contentsOf: line)
            previous = line
            emptyLines = 0
        }
        let finalBreak = last < lines.count - 1 || lastLineBroken
        switch chomping {
        case .strip: break
        case .clip: if finalBreak { text.append(YAMLByte.lineFeed) }
        case .keep: text.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: (finalBreak ? 1 : 0) + lines.count - 1 - last))
        }
        return text
    }
}
