import Foundation
import Testing
@testable import Domain

/// The bounded JSON parser: values, numbers kept as text, errors with byte offsets.
@Suite struct IngestionJSONParserTests {
    private func parse(_ text: String, maxDepth: Int = 64) throws -> JSONValue {
        try JSONParser.parse(Data(text.utf8), maxDepth: maxDepth)
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null, "x\"\u00e9\ud83d\ude00"], "b": {}} "#)
        #expect(value == .object([
            "a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x\"é😀")]),
            "b": .object([:]),
        ]))
    }

    @Test func keepsNumbersAsTheirText() throws {
        let value = try parse(#"{"ns": 1734625715000000000, "big": 123456789012345678901234567890, "f": 0.10}"#)
        #expect(value["ns"] == .number("1734625715000000000"))
        #expect(value["big"] == .number("123456789012345678901234567890"))
        #expect(value["f"] == .number("0.10"))
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("[1,]", 3, "unexpected character ']'"),
        ("{\"a\":1,}", 7, "expected a string key"),
        ("01", 1, "unexpected data after"),
        ("\"abc", 4, "unterminated string"),
        ("\"a\u{01}\"", 2, "control character"),
        ("tru", 0, "unexpected end of input in a literal"),
        ("1.", 2, "expected a digit after '.'"),
        ("\"\\x\"", 3, "invalid escape"),
        ("{\"k\":1,\"k\":2}", 0, "duplicate key"),
        ("{} {}", 3, "unexpected data after"),
    ])
    func rejectsInvalidJSONNamingTheByte(text: String, offset: Int, fragment: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .invalidInput && error.message.contains("at byte \(offset):") && error.message.contains(fragment)
        }
    }

    @Test func boundsNestingDepth() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: DomainError.self) { try parse(deep, maxDepth: 64) }
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(allowed, maxDepth: 64) != .null)
    }

    @Test func parsesASequenceOfDocuments() throws {
        let values = try JSONParser.parseSequence(Data("{\"a\":1}\n{\"a\":2}{\"a\":3}\n".utf8), maxDepth: 8, maxValues: 10)
        #expect(values.count == 3)
        #expect(throws: DomainError.self) {
            try JSONParser.parseSequence(Data("1 2 3".utf8), maxDepth: 8, maxValues: 2)
        }
    }

    @Test func survivesInvalidUTF8AndLoneSurrogates() throws {
        var bytes = Array("\"a".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("\\ud800b\"".utf8))
        let value = try JSONParser.parse(Data(bytes), maxDepth: 4)
        #expect(value == .string("a\u{FFFD}\u{FFFD}b"))
    }

    @Test func roundTripsThroughCodableAndCanonicalText() throws {
        let value = try parse(#"{"b": [1, 2.5, "s", null, true], "a": {"n": 1734625715000000000}}"#)
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == value)
        #expect(value.canonicalJSON == #"{"a":{"n":1734625715000000000},"b":[1,2.5,"s",null,true]}"#)
        #expect(try parse(value.canonicalJSON) == value)
    }

    @Test(arguments: [
        ("123456789012345678901234567890", JSONValue.number("123456789012345678901234567890")),
        ("18446744073709551615", .number("18446744073709551615")),
        ("-0.1", .number("-0.1")),
        ("1e300", .number("1e+300")),
        ("1e400", .string("1e400")),
    ])
    func numbersSurviveTheStoreEncoding(text: String, stored: JSONValue) throws {
        let encoded = try JSONEncoder().encode(JSONValue.number(text))
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == stored)
    }
}
