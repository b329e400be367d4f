/// The bytes YAML's syntax turns on (YAML 1.2.2 chapter 5), and the classes of them the parser asks about.
enum YAMLByte {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let hash = UInt8(ascii: "#")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let hyphen = UInt8(ascii: "-")
    static let period = UInt8(ascii: ".")
    static let percent = UInt8(ascii: "%")
    static let questionMark = UInt8(ascii: "?")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let pipe = UInt8(ascii: "|")
    static let greaterThan = UInt8(ascii: ">")
    static let plus = UInt8(ascii: "+")

    /// A space or a tab (section 5.5, s-white).
    static func isBlank(_ byte: UInt8?) -> Bool {
        byte == space || byte == tab
    }

    /// A space, a tab, a line break, or the end of the input (nil).
    static func isBlankOrLineEnd(_ byte: UInt8?) -> Bool {
        byte == nil || byte == space || byte == tab || byte == lineFeed
    }

    /// `,` `[` `]` `{` `}`, which end a plain scalar inside a flow collection (section 5.3, c-flow-indicator).
    static func isFlowIndicator(_ byte: UInt8?) -> Bool {
        byte == comma || byte == openBracket || byte == closeBracket || byte == openBrace || byte == closeBrace
    }
}
