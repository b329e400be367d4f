import Domain
import Foundation
import Testing
@testable import Server
import TestSupport

@Suite struct YAMLParserTests {
    @Test(arguments: [
        // Documents, comments, markers.
        ("", JSONValue.null),
        ("# only a comment\n\n", .null),
        ("---\na: 1\n...\n", .object(["a": .number("1")])),
        ("--- # a comment on the marker\na: 1\n", .object(["a": .number("1")])),
        ("\u{FEFF}a: 1\r\nb: 2\r\n", .object(["a": .number("1"), "b": .number("2")])),
        ("hello world", .string("hello world")),
        // Block mappings and sequences at any indentation.
        ("a: 1\nb:\n    c: x\n    d:\n      e: y\n", .object(["a": .number("1"), "b": .object(["c": .string("x"), "d": .object(["e": .string("y")])])])),
        ("- a\n- b\n", .array([.string("a"), .string("b")])),
        ("key:\n- x\n- y\nnext: 1\n", .object(["key": .array([.string("x"), .string("y")]), "next": .number("1")])),
        ("key:\n   - x\n   - y\n", .object(["key": .array([.string("x"), .string("y")])])),
        ("- name: a\n  kinds: [x]\n- name: b\n", .array([.object(["name": .string("a"), "kinds": .array([.string("x")])]), .object(["name": .string("b")])])),
        ("- - a\n  - b\n- c\n", .array([.array([.string("a"), .string("b")]), .string("c")])),
        ("- a:\n  - 1\n  b:\n    c: 2\n", .array([.object(["a": .array([.number("1")]), "b": .object(["c": .number("2")])])])),
        ("-\n  a: 1\n- # empty\n-\n", .array([.object(["a": .number("1")]), .null, .null])),
        // Comments and empty values.
        ("a: 1 # c\n# full line\nb: 'x # kept'\nc: x#y\n", .object(["a": .number("1"), "b": .string("x # kept"), "c": .string("x#y")])),
        ("a:\n  # nothing here\nb: ~\nc: null\nd: NULL\ne: Null\n", .object(["a": .null, "b": .null, "c": .null, "d": .null, "e": .null])),
        // Core schema.
        ("[true, True, TRUE, false, False, FALSE, yes, on, 'true']",
         .array([.bool(true), .bool(true), .bool(true), .bool(false), .bool(false), .bool(false), .string("yes"), .string("on"), .string("true")])),
        ("[42, -7, +12, 007, 0o17, 0x1F, 123456789012345678901234567890]",
         .array([.number("42"), .number("-7"), .number("12"), .number("7"), .number("15"), .number("31"), .number("123456789012345678901234567890")])),
        ("[1.5, .5, -1.5e3, 1e5, 5., 1.e+2, -0]",
         .array([.number("1.5"), .number("0.5"), .number("-1.5e3"), .number("1e5"), .number("5"), .number("1e+2"), .number("-0")])),
        ("[ami-0123, 'sg-1', http://h:8080/p, 1.2.3.4, 0x, 1_000, -x, :y, a b  c  ]",
         .array([.string("ami-0123"), .string("sg-1"), .string("http://h:8080/p"), .string("1.2.3.4"), .string("0x"),
                 .string("1_000"), .string("-x"), .string(":y"), .string("a b  c")])),
        ("url: http://example.com/a:b  \n", .object(["url": .string("http://example.com/a:b")])),
        // Quoted scalars.
        ("['it''s', '', \"\", '1']", .array([.string("it's"), .string(""), .string(""), .string("1")])),
        (#"a: "q\"b\\s\/\n\t\r\0\x41\u00e9\U0001F600\ \e\N\_""#,
         .object(["a": .string("q\"b\\s/\n\t\r\u{0}A\u{E9}\u{1F600} \u{1B}\u{85}\u{A0}")])),
        ("a: \"one  \n  two\n\n  three\"\n", .object(["a": .string("one two\nthree")])),
        ("a: \"one\\\n   two\"\n", .object(["a": .string("onetwo")])),
        ("a: 'one\n  two'\n", .object(["a": .string("one two")])),
        ("'a b': 1\n\"c\": 2\n", .object(["a b": .number("1"), "c": .number("2")])),
        ("name: café ☕\n", .object(["name": .string("café ☕")])),
        // Flow collections.
        ("a: [1, 'two', {b: c, d: [e]}, ]\n", .object(["a": .array([.number("1"), .string("two"), .object(["b": .string("c"), "d": .array([.string("e")])])])])),
        ("{a: 1, b, c: }", .object(["a": .number("1"), "b": .null, "c": .null])),
        ("a: [\n  1,   # one\n  2\n]\nb: []\nc: {}\n", .object(["a": .array([.number("1"), .number("2")]), "b": .array([]), "c": .object([:])])),
        (#"{"a":1,"b":[true,null],"c":"x"}"#, .object(["a": .number("1"), "b": .array([.bool(true), .null]), "c": .string("x")])),
        ("{a:b}", .object(["a:b": .null])),
        ("- [a, b]\n- {c: d}\n", .array([.array([.string("a"), .string("b")]), .object(["c": .string("d")])])),
        // Block scalars.
        ("a: |\n  line1\n   line2\n\nb: 1\n", .object(["a": .string("line1\n line2\n"), "b": .number("1")])),
        ("a: |-\n  x\n\n", .object(["a": .string("x")])),
        ("a: |+\n  x\n\n", .object(["a": .string("x\n\n")])),
        ("a: >\n  one\n  two\n\n  three\n    more\n  four\n", .object(["a": .string("one two\nthree\n  more\nfour\n")])),
        ("a: |2 # indent given\n    indented\n  x\n", .object(["a": .string("  indented\nx\n")])),
        ("- >-\n   folded\n   text\n- |\n", .array([.string("folded text"), .string("")])),
        ("a: |\n  no final break", .object(["a": .string("no final break")])),
    ])
    func acceptedDocuments(document: String, expected: JSONValue) throws {
        #expect(try YAMLParser.parse(document) == expected)
    }

    @Test(arguments: [
        ("a: &x 1", 1, 4, "anchors (&) are not supported"),
        ("a: *x", 1, 4, "aliases (*) are not supported"),
        ("a: !!str 1", 1, 4, "tags (!) are not supported"),
        ("? a\n: b", 1, 1, "complex keys"),
        ("- ? a", 1, 3, "complex keys"),
        ("%YAML 1.2\n---\na: 1", 1, 1, "directives"),
        ("a: 1\n---\nb: 2", 2, 1, "multiple documents"),
        ("a: 1\n...\n---\nb: 2", 3, 1, "multiple documents"),
        ("--- a: 1", 1, 5, "unexpected 'a' after '---'"),
        ("a:\n\tb: 1", 2, 1, "a tab in indentation"),
        ("-\tx", 1, 2, "a tab after '-'"),
        ("a: 1\nb: 2\na: 3", 3, 1, "duplicate key 'a'"),
        ("a: {b: 1, 'b': 2}", 1, 11, "duplicate key 'b'"),
        (#"a: "x\q""#, 1, 6, "invalid escape '\\q'"),
        (#"a: "\uD800""#, 1, 5, "not a Unicode scalar value"),
        (#"a: "\x4""#, 1, 5, "needs 2 hex digits"),
        ("a: 'x", 1, 4, "a single-quoted string is not closed"),
        ("a: \"x\n---\n\"", 1, 4, "document marker inside a quoted string"),
        ("a: [1, 2", 1, 4, "'[' is not closed with ']'"),
        ("a: {b: [1}", 1, 10, "expected ',' or ']'"),
        ("a: [b: c]", 1, 6, "must be in braces"),
        ("a: {[b]: c}", 1, 5, "a mapping key must be a plain or quoted scalar"),
        ("a: [|]", 1, 5, "block scalars (| and >) cannot be inside"),
        ("a: b: c", 1, 5, "':' after a value on the same line"),
        ("[a]: b", 1, 4, "unexpected ':' after the value"),
        ("a: 'x'#c", 1, 7, "a comment needs a space before '#'"),
        ("a: [1] x", 1, 8, "unexpected 'x' after the value"),
        ("a: 1\n  b: 2", 2, 3, "unexpected indentation"),
        ("key: value\n  continued", 2, 3, "a plain value cannot continue on a second line"),
        ("- a\nb: 1", 2, 1, "expected a sequence entry"),
        ("a: 1\n- b", 2, 1, "a sequence entry ('- ') where a mapping key is expected"),
        ("a: 1\nb", 2, 1, "expected a mapping key"),
        ("a: - b", 1, 4, "a block sequence ('- ') cannot start on this line"),
        ("a: @x", 1, 4, "reserved"),
        ("a: %x", 1, 4, "directives (%) are not supported"),
        ("a: .inf", 1, 4, "a number JSON cannot hold"),
        ("a: 0x1FFFFFFFFFFFFFFFF", 1, 4, "a number JSON cannot hold"),
        ("a: |0\n x", 1, 5, "unexpected '0' after the block scalar header"),
        ("a: |\n\n    \n  x", 1, 4, "an empty line at the start of the block scalar has more spaces"),
        ("a: |\n    x\n  y", 3, 3, "unexpected indentation"),
        ("  a: 1\nb: 2", 2, 1, "unexpected text after the document's top-level value"),
        ("a: 1\u{1}", 1, 5, "control character U+01"),
        ("é: [ü, \u{7F}]", 1, 8, "control character U+7F"),
        (String(repeating: "[", count: 65), 1, 65, "nested deeper than 64 levels"),
        (String(repeating: "- ", count: 65) + "x", 1, 129, "nested deeper than 64 levels"),
    ])
    func rejectedDocuments(document: String, line: Int, column: Int, reason: String) {
        #expect {
            try YAMLParser.parse(document)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.line == line && error.column == column && error.reason.contains(reason)
        }
    }

    /// JSON is a subset of YAML 1.2's flow style, so a JSON config read as YAML gives what the JSON decoder gives.
    @Test func jsonReadAsYAMLEqualsTheJSONDecoder() throws {
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(YAMLFixtures.realisticJSON.utf8))
        #expect(try YAMLParser.parse(YAMLFixtures.realisticJSON) == decoded)
    }

    @Test func errorsSayLineColumnAndWhat() {
        #expect(YAMLError(line: 3, column: 7, reason: "duplicate key 'a'").description == "line 3, column 7: duplicate key 'a'")
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = YAMLParser.maximumDepth
        var expected = JSONValue.array([])
        for _ in 1..<depth { expected = .array([expected]) }
        #expect(try YAMLParser.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == expected)
    }

    /// Thousands of byte-level mutations of valid documents: each one parses or throws a `YAMLError` placed inside
    /// the document; none crashes or hangs. Both outcomes occur, so the mutations reach past the first line.
    @Test func mutatedDocumentsParseOrThrowWithAPlace() {
        var generator = SeededGenerator(state: 0x5EED_CAFE)
        let alphabet = Array(":-#'\"[]{}|>\n\t\\&*!?%,~ 0aé".utf8)
        var parsed = 0
        var refused = 0
        var misplaced: [String] = []
        for round in 0..<6_000 {
            var bytes = Array(YAMLFixtures.mutationSeeds[round % YAMLFixtures.mutationSeeds.count].utf8)
            for _ in 0...Int.random(in: 0..<3, using: &generator) {
                let offset = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = Bool.random(using: &generator) ? alphabet.randomElement(using: &generator) ?? 0 : UInt8.random(in: 0...255, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[offset] = byte
                case 1: bytes.insert(byte, at: offset)
                case 2: bytes.remove(at: offset)
                default: bytes.insert(contentsOf: bytes[offset..<min(offset + 8, bytes.count)], at: offset)
                }
                if bytes.isEmpty { bytes = [byte] }
            }
            let document = String(decoding: bytes, as: UTF8.self)
            let lines = document.utf8.count { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } + 1
            do {
                _ = try YAMLParser.parse(document)
                parsed += 1
            } catch {
                refused += 1
                if error.line < 1 || error.line > lines || error.column < 1 { misplaced.append("\(error) in \(document)") }
            }
        }
        #expect(misplaced.isEmpty)
        #expect(parsed > 100)
        #expect(refused > 100)
    }
}
