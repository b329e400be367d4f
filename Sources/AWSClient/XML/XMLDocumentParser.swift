import FoundationEssentials
import Platform

/// A strict, non-validating XML 1.0 parser (W3C XML 1.0 Fifth Edition) over UTF-8 bytes, building `XMLTree`s.
///
/// It supports what AWS responses contain: the XML declaration, elements, attributes (checked, then
/// dropped), character data, the five predefined entities, character references, CDATA sections, comments
/// and processing instructions. It rejects any document type declaration, so no entity can be defined:
/// external entities (XXE) and entity expansion (billion laughs) cannot happen. Elements are kept on an
/// explicit stack bounded by `maximumDepth`, so hostile nesting cannot exhaust the call stack, and every
/// byte is looked at a bounded number of times, so the work is linear in the input.
struct XMLDocumentParser {
    /// The deepest element nesting accepted (the root is depth 1); libxml2's default limit is the same.
    static let maximumDepth = 256

    /// An element whose end tag has not been seen yet.
    private struct OpenElement {
        /// Where the qualified name lies in the input, to match the end tag byte for byte.
        var name: Range<Int>
        /// The element built so far: local name and finished children.
        var tree: XMLTree
        /// The element's own character data so far (UTF-8, line ends normalized).
        var text: [UInt8] = []
    }

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var open: [OpenElement] = []

    /// A parser over `bytes`, which must stay valid while it runs.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses the whole document (section 2.1, production [1]) and returns its root element.
    mutating func parseDocument() throws(AWSClientError) -> XMLTree {
        // A UTF-8 byte order mark is allowed before the document (section 4.3.3, Appendix F.1).
        if hasPrefix("\u{FEFF}") { position = 3 }
        try validateCharacters(from: position)
        if hasPrefix("<?xml") && isWhitespace(at: position + 5) {
            try parseXMLDeclaration()
        }
        try skipMiscellany(before: true)
        guard position < bytes.count else { throw failure("no root element") }
        let root = try parseElements()
        try skipMiscellany(before: false)
        return root
    }

    // MARK: - Structure

    /// Comments, processing instructions and white space before or after the root (productions [22], [27]).
    private mutating func skipMiscellany(before: Bool) throws(AWSClientError) {
        while true {
            skipWhitespace()
            guard position < bytes.count else { return }
            if hasPrefix("<!--") {
                try skipComment()
            } else if hasPrefix("<?") {
                try skipProcessingInstruction()
            } else if hasPrefix("<!DOCTYPE") {
                // Section 2.8: the only way to define entities; an AWS answer never has one.
                throw failure("a document type declaration (DOCTYPE) is not accepted")
            } else if before && bytes[position] == UInt8(ascii: "<") {
                return
            } else {
                throw failure(before ? "content before the root element" : "content after the root element")
            }
        }
    }

    /// Parses the root element and everything in it, iteratively (productions [39]-[44]).
    private mutating func parseElements() throws(AWSClientError) -> XMLTree {
        if let root = try parseStartTag() { return root }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                if hasPrefix("</") {
                    if let root = try parseEndTag() { return root }
                } else if hasPrefix("<!--") {
                    try skipComment()
                } else if hasPrefix("<![CDATA[") {
                    try parseCDATA()
                } else if hasPrefix("<!DOCTYPE") {
                    throw failure("a document type declaration (DOCTYPE) is not accepted")
                } else if hasPrefix("<?") {
                    try skipProcessingInstruction()
                } else if let root = try parseStartTag() {
                    return root
                }
            } else if byte == UInt8(ascii: "&") {
                let character = Character(try parseReference())
                open[open.count - 1].text.append(contentsOf: character.utf8)
            } else {
                try parseCharacterData()
            }
        }
        let name = open.last.map { String(decoding: bytes[$0.name], as: UTF8.self) } ?? ""
        throw failure("unclosed element <\(name)> at the end of the input")
    }

    /// Parses a start tag or empty-element tag (section 3.1, [40] and [44]) and opens or attaches the element.
    /// Returns the root when this tag was an empty root element, which ends the document's element.
    private mutating func parseStartTag() throws(AWSClientError) -> XMLTree? {
        let tagStart = position
        guard open.count < Self.maximumDepth else {
            throw failure("elements nested deeper than \(Self.maximumDepth)", at: tagStart)
        }
        position += 1  // "<"
        let name = try parseQualifiedName(what: "element name")
        let tree = XMLTree(name: localName(name))
        var attributeNames: Set<String> = []
        while true {
            let hadWhitespace = skipWhitespace()
            guard position < bytes.count else { throw failure("unterminated start tag", at: tagStart) }
            if bytes[position] == UInt8(ascii: ">") {
                position += 1
                open.append(OpenElement(name: name, tree: tree))
                return nil
            }
            if hasPrefix("/>") {
                position += 2
                return attach(tree)
            }
            guard hadWhitespace else { throw failure("expected white space, '>' or '/>' in a start tag") }
            let attributeStart = position
            let attribute = try parseQualifiedName(what: "attribute name")
            // Section 3.1, WFC Unique Att Spec.
            guard attributeNames.insert(String(decoding: bytes[attribute], as: UTF8.self)).inserted else {
                throw failure("duplicate attribute", at: attributeStart)
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw failure("expected '=' after an attribute name")
            }
            position += 1
            skipWhitespace()
            try skipAttributeValue()
        }
    }

    /// Parses an end tag (section 3.1, [42]), closes the open element and returns it if it was the root.
    private mutating func parseEndTag() throws(AWSClientError) -> XMLTree? {
        let tagStart = position
        position += 2  // "</"
        let name = try parseQualifiedName(what: "element name")
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
            throw failure("expected '>' to close an end tag")
        }
        position += 1
        // The parse loop only sees "</" while an element is open.
        guard let element = open.popLast() else { throw failure("end tag without a start tag", at: tagStart) }
        // Section 3, WFC Element Type Match.
        guard bytes[name].elementsEqual(bytes[element.name]) else {
            throw failure(
                "end tag </\(String(decoding: bytes[name], as: UTF8.self))> does not match "
                    + "<\(String(decoding: bytes[element.name], as: UTF8.self))>", at: tagStart)
        }
        var tree = element.tree
        tree.text = Self.trimmed(element.text)
        return attach(tree)
    }

    /// Adds a finished element to its parent, or returns it when it is the root.
    private mutating func attach(_ tree: XMLTree) -> XMLTree? {
        guard !open.isEmpty else { return tree }
        open[open.count - 1].tree.elements.append(tree)
        return nil
    }

    /// Skips a quoted attribute value (section 3.1, [10]), checking its references; values are not kept.
    private mutating func skipAttributeValue() throws(AWSClientError) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
            throw failure("expected a quoted attribute value")
        }
        let valueStart = position
        let quote = bytes[position]
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case quote:
                position += 1
                return
            case UInt8(ascii: "<"):
                // Section 3.1, WFC No < in Attribute Values.
                throw failure("'<' in an attribute value")
            case UInt8(ascii: "&"):
                _ = try parseReference()
            default:
                position += 1
            }
        }
        throw failure("unterminated attribute value", at: valueStart)
    }

    // MARK: - Character data

    /// Appends a run of character data up to the next markup (section 2.4, [14]).
    private mutating func parseCharacterData() throws(AWSClientError) {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "<"), bytes[position] != UInt8(ascii: "&") {
            // Section 2.4: "]]>" may not appear in content outside a CDATA section.
            if bytes[position] == UInt8(ascii: ">"), position - start >= 2,
                bytes[position - 1] == UInt8(ascii: "]"), bytes[position - 2] == UInt8(ascii: "]") {
                throw failure("']]>' in character data", at: position - 2)
            }
            position += 1
        }
        appendText(start..<position)
    }

    /// Appends the content of a CDATA section (section 2.7, [18]-[21]) as text.
    private mutating func parseCDATA() throws(AWSClientError) {
        let sectionStart = position
        position += 9  // "<![CDATA["
        guard let end = find("]]>") else { throw failure("unterminated CDATA section", at: sectionStart) }
        appendText(position..<end)
        position = end + 3
    }

    /// Appends input bytes to the open element's text, normalizing CR LF and lone CR to LF (section 2.11).
    private mutating func appendText(_ range: Range<Int>) {
        var runStart = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == 0x0D {
                open[open.count - 1].text.append(contentsOf: bytes[runStart..<index])
                open[open.count - 1].text.append(0x0A)
                index += index + 1 < range.upperBound && bytes[index + 1] == 0x0A ? 2 : 1
                runStart = index
            } else {
                index += 1
            }
        }
        open[open.count - 1].text.append(contentsOf: bytes[runStart..<range.upperBound])
    }

    /// Parses an entity or character reference (section 4.1, [66]-[68]) and returns the character it stands for.
    /// Only the five predefined entities exist (section 4.6), since no DTD can declare others.
    private mutating func parseReference() throws(AWSClientError) -> Unicode.Scalar {
        let start = position
        position += 1  // "&"
        if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
            position += 1
            let hex = position < bytes.count && bytes[position] == UInt8(ascii: "x")
            if hex { position += 1 }
            let digitsStart = position
            var value: UInt32 = 0
            while position < bytes.count, let digit = Self.digitValue(bytes[position], hex: hex) {
                // Saturate past the last code point so that long inputs cannot overflow.
                value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
                position += 1
            }
            guard position > digitsStart, position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
                throw failure("malformed character reference", at: start)
            }
            position += 1
            // Section 4.1, WFC Legal Character: the referenced character must match production [2].
            guard let scalar = Unicode.Scalar(value), Self.isCharacter(scalar.value) else {
                throw failure("character reference to an invalid character", at: start)
            }
            return scalar
        }
        let name = try parseName(what: "entity name")
        guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
            throw failure("entity reference without ';'", at: start)
        }
        position += 1
        switch String(decoding: bytes[name], as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "apos": return "'"
        case "quot": return "\""
        case let other:
            // Section 4.1, WFC Entity Declared.
            throw failure("undefined entity '&\(other);'", at: start)
        }
    }

    // MARK: - Comments, processing instructions, the XML declaration

    /// Skips a comment (section 2.5, [15]); "--" may only appear in the closing "-->".
    private mutating func skipComment() throws(AWSClientError) {
        let start = position
        position += 4  // "<!--"
        guard let dashes = find("--") else { throw failure("unterminated comment", at: start) }
        guard dashes + 2 < bytes.count, bytes[dashes + 2] == UInt8(ascii: ">") else {
            throw failure("'--' inside a comment", at: dashes)
        }
        position = dashes + 3
    }

    /// Skips a processing instruction (section 2.6, [16]-[17]); its target may not be "xml" in any case.
    private mutating func skipProcessingInstruction() throws(AWSClientError) {
        let start = position
        position += 2  // "<?"
        let target = try parseName(what: "processing instruction target")
        if String(decoding: bytes[target], as: UTF8.self).lowercased() == "xml" {
            throw failure("an XML declaration is only allowed at the start of the document", at: start)
        }
        if !hasPrefix("?>") {
            guard skipWhitespace() else { throw failure("expected white space after a processing instruction target") }
        }
        guard let end = find("?>") else { throw failure("unterminated processing instruction", at: start) }
        position = end + 2
    }

    /// Parses the XML declaration (section 2.8, [23]-[26], [32]; section 4.3.3, [80]-[81]).
    private mutating func parseXMLDeclaration() throws(AWSClientError) {
        let start = position
        position += 5  // "<?xml"
        // The fields come in this order, version first and required, each at most once.
        let order = ["version", "encoding", "standalone"]
        var lastRank = -1
        while true {
            let hadWhitespace = skipWhitespace()
            if hasPrefix("?>") {
                position += 2
                guard lastRank >= 0 else { throw failure("XML declaration without a version", at: start) }
                return
            }
            guard hadWhitespace, position < bytes.count else { throw failure("malformed XML declaration", at: start) }
            let nameRange = try parseName(what: "XML declaration field")
            let name = String(decoding: bytes[nameRange], as: UTF8.self)
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw failure("expected '=' in the XML declaration")
            }
            position += 1
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw failure("expected a quoted value in the XML declaration")
            }
            let quote = bytes[position]
            position += 1
            let valueStart = position
            while position < bytes.count, bytes[position] != quote { position += 1 }
            guard position < bytes.count else { throw failure("unterminated XML declaration", at: start) }
            let value = String(decoding: bytes[valueStart..<position], as: UTF8.self)
            position += 1
            guard let rank = order.firstIndex(of: name), rank > lastRank, lastRank >= 0 || rank == 0 else {
                throw failure("unexpected '\(name)' in the XML declaration", at: nameRange.lowerBound)
            }
            lastRank = rank
            switch name {
            case "version":
                guard value.hasPrefix("1."), value.count > 2, value.utf8.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) }) else {
                    throw failure("unsupported XML version '\(value)'", at: valueStart)
                }
            case "encoding":
                // The input is read as UTF-8; a document declaring another encoding would be misread.
                guard ["utf-8", "utf8"].contains(value.lowercased()) else {
                    throw failure("unsupported encoding '\(value)'", at: valueStart)
                }
            default:
                guard value == "yes" || value == "no" else {
                    throw failure("standalone must be 'yes' or 'no'", at: valueStart)
                }
            }
        }
    }

    // MARK: - Names

    /// Parses a Name (section 2.3, [5]) that is also a QName (Namespaces in XML 1.0, section 3, [7]):
    /// at most one colon, with a non-empty prefix and local part.
    private mutating func parseQualifiedName(what: String) throws(AWSClientError) -> Range<Int> {
        let name = try parseName(what: what)
        guard let colon = bytes[name].firstIndex(of: UInt8(ascii: ":")) else { return name }
        guard colon > name.lowerBound, colon < name.upperBound - 1,
            !bytes[(colon + 1)..<name.upperBound].contains(UInt8(ascii: ":"))
        else { throw failure("malformed qualified \(what)", at: name.lowerBound) }
        return name
    }

    /// Parses a Name (section 2.3, [4]-[5]) and returns where it lies.
    private mutating func parseName(what: String) throws(AWSClientError) -> Range<Int> {
        let start = position
        while position < bytes.count {
            let (scalar, length) = scalar(at: position)
            let allowed = position == start ? Self.isNameStart(scalar) : Self.isNameCharacter(scalar)
            guard allowed else { break }
            position += length
        }
        guard position > start else { throw failure("malformed \(what)") }
        return start..<position
    }

    /// The part of a qualified name after its prefix, as `XMLTree` names elements.
    private func localName(_ name: Range<Int>) -> String {
        let local = bytes[name].lastIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? name.lowerBound
        return String(decoding: bytes[local..<name.upperBound], as: UTF8.self)
    }

    // MARK: - Bytes

    /// Checks once that the input is UTF-8 (RFC 3629 section 4) of XML characters only (section 2.2, [2]),
    /// so the rest of the parser can step through multi-byte sequences without rechecking them.
    private func validateCharacters(from start: Int) throws(AWSClientError) {
        var index = start
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                guard lead >= 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D else {
                    throw failure("control character 0x\(String(lead, radix: 16)) is not allowed in XML", at: index)
                }
                index += 1
                continue
            }
            // The second byte's range excludes overlong forms, surrogates and values past U+10FFFF.
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xED: length = 3; second = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; second = 0x80...0x8F
            default: throw failure("invalid UTF-8", at: index)
            }
            guard index + length <= bytes.count, second.contains(bytes[index + 1]),
                (2..<length).allSatisfy({ (0x80...0xBF).contains(bytes[index + $0]) })
            else { throw failure("invalid UTF-8", at: index) }
            let (scalar, _) = scalar(at: index)
            guard Self.isCharacter(scalar) else {
                throw failure("character U+\(String(scalar, radix: 16, uppercase: true)) is not allowed in XML", at: index)
            }
            index += length
        }
    }

    /// The code point starting at `index` and its length in bytes, for input already validated.
    /// A position inside a sequence or one cut off by the end reads as U+FFFFFFFF, which no rule accepts.
    private func scalar(at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        let length = lead < 0x80 ? 1 : lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard length > 0, index + length <= bytes.count else { return (UInt32.max, 1) }
        switch length {
        case 1:
            return (lead, 1)
        case 2:
            return ((lead & 0x1F) << 6 | continuation(index + 1), 2)
        case 3:
            return ((lead & 0x0F) << 12 | continuation(index + 1) << 6 | continuation(index + 2), 3)
        default:
            return ((lead & 0x07) << 18 | continuation(index + 1) << 12 | continuation(index + 2) << 6
                | continuation(index + 3), 4)
        }
    }

    /// The six payload bits of the continuation byte at `index`.
    private func continuation(_ index: Int) -> UInt32 {
        UInt32(bytes[index] & 0x3F)
    }

    /// Skips white space (section 2.3, [3]) and says whether there was any.
    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while isWhitespace(at: position) { position += 1 }
        return position > start
    }

    /// Whether the byte at `index` is XML white space (section 2.3, [3]); false past the end.
    private func isWhitespace(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        return byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether the input at the current position starts with the UTF-8 bytes of `prefix`.
    private func hasPrefix(_ prefix: StaticString) -> Bool {
        guard position + prefix.utf8CodeUnitCount <= bytes.count else { return false }
        return prefix.withUTF8Buffer { bytes[position..<(position + $0.count)].elementsEqual($0) }
    }

    /// The offset of the next `terminator` (ASCII) at or after the current position.
    private func find(_ terminator: StaticString) -> Int? {
        terminator.withUTF8Buffer { needle in
            var index = position
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    /// The error for input that is not well-formed, naming what and where.
    private func failure(_ what: String, at offset: Int? = nil) -> AWSClientError {
        AWSClientError(
            kind: .decoding, code: "InvalidXML",
            message: "response is not well-formed XML: \(what) at byte \(offset ?? position)")
    }

    // MARK: - Character classes

    /// Production [2], Char: the code points XML text may contain.
    private static func isCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    /// Production [4], NameStartChar.
    private static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
            0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
            0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x1_0000...0xE_FFFF:
            true
        default: false
        }
    }

    /// Production [4a], NameChar.
    private static func isNameCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(value)
        }
    }

    /// The value of a decimal or hexadecimal digit, or nil.
    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// An element's text trimmed of white space and newlines, as the FoundationXML-based decoder trimmed it.
    private static func trimmed(_ text: [UInt8]) -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // Most elements hold only indentation around their children: no string needs building for them.
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        let inner = String(decoding: text[first...last], as: UTF8.self)
        // The only ASCII white space XML text can hold is what was just cut (section 2.2: no VT or FF);
        // Unicode white space (NBSP, U+2028 ...) at either end: the Unicode White_Space property, the same set as
        // Foundation's `.whitespacesAndNewlines`.
        guard text[first] < 0x80, text[last] < 0x80 else { return inner.trimmingWhitespace() }
        return inner
    }
}
