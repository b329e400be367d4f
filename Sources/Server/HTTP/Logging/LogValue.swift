/// A field value in a structured log line.
enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A JSON string.
    case string(String)
    /// A JSON integer.
    case int(Int)
    /// A JSON number.
    case double(Double)
    /// A JSON boolean.
    case bool(Bool)

    /// A string literal.
    init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal.
    init(integerLiteral value: Int) { self = .int(value) }
}
