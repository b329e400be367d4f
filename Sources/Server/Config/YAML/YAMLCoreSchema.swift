import Domain

/// The YAML 1.2 core schema (YAML 1.2.2 section 10.3.2): what a plain scalar means. Quoted and block scalars are
/// always strings and never come here.
enum YAMLCoreSchema {
    /// What a scalar resolves to.
    enum Resolution: Equatable {
        /// A JSON value: null, a boolean, a number in RFC 8259 section 6 grammar, or a string.
        case value(JSONValue)
        /// A number JSON has no text for: `.inf`, `.nan`, or a `0o`/`0x` integer beyond 64 bits.
        case unrepresentable
    }

    /// Resolves the text of a plain scalar. Integers keep every digit (`007` is `.number("7")`, `+12` is
    /// `.number("12")`: the same value in the grammar JSON accepts); `0o`/`0x` integers become decimal text.
    static func resolve(_ text: String) -> Resolution {
        switch text {
        case "", "~", "null", "Null", "NULL": return .value(.null)
        case "true", "True", "TRUE": return .value(.bool(true))
        case "false", "False", "FALSE": return .value(.bool(false))
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .unrepresentable
        default: break
        }
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            // The core schema's `0o[0-7]+` and `0x[0-9a-fA-F]+` only: no sign, no `_`, which UInt64(_:radix:) would take.
            guard bytes[2...].allSatisfy({ isDigit($0, radix: radix) }) else { return .value(.string(text)) }
            guard let number = UInt64(digits, radix: radix) else { return .unrepresentable }
            return .value(.number(String(number)))
        }
        if let number = jsonNumber(bytes) { return .value(.number(number)) }
        return .value(.string(text))
    }

    /// The core schema's int `[-+]?[0-9]+` and float `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, written
    /// in RFC 8259's grammar: no `+`, no leading zeros, a digit on both sides of the point; nil when `bytes` is neither.
    private static func jsonNumber(_ bytes: [UInt8]) -> String? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index], radix: 10) { index += 1 }
        var integer = bytes[integerStart..<index].drop(while: { $0 == UInt8(ascii: "0") })
        if integer.isEmpty, index > integerStart { integer = bytes[(index - 1)..<index] }
        var fraction: ArraySlice<UInt8> = []
        var hasPoint = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index], radix: 10) { index += 1 }
            fraction = bytes[fractionStart..<index]
        }
        // `.` alone, or a sign alone, is no number; `.5` and `5.` are.
        guard index > integerStart + (hasPoint ? 1 : 0) else { return nil }
        var exponent: ArraySlice<UInt8> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            let exponentStart = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index], radix: 10) { index += 1 }
            guard index > digitsStart else { return nil }
            exponent = bytes[exponentStart..<index]
        }
        guard index == bytes.count else { return nil }
        var text = negative ? "-" : ""
        text += integer.isEmpty ? "0" : String(decoding: integer, as: UTF8.self)
        if !fraction.isEmpty { text += "." + String(decoding: fraction, as: UTF8.self) }
        text += String(decoding: exponent, as: UTF8.self)
        return text
    }

    private static func isDigit(_ byte: UInt8, radix: Int) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "7"): return true
        case UInt8(ascii: "8"), UInt8(ascii: "9"): return radix >= 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): return radix == 16
        default: return false
        }
    }
}
