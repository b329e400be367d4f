import Foundation
import Testing

@testable import AWSClient
import TestSupport

/// The XML 1.0 parser: what it accepts, what it must refuse, and agreement with FoundationXML on real answers.
@Suite struct XMLParserTests {
    /// Well-formed documents and the tree each gives (name, text, child names).
    @Test(arguments: [
        ("<a/>", "a", "", []),
        ("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><a>x</a>", "a", "x", []),
        ("<?xml version='1.1'?>\n<!-- c --><?pi x?>\n<a>x</a>\n<!-- after --><?after?>\n", "a", "x", []),
        ("<p:a xmlns:p=\"urn:p\"><p:b/><c/></p:a>", "a", "", ["b", "c"]),
        ("<a> 1 <b/> 2 </a>", "a", "1  2", ["b"]),
        ("<a>&lt;&gt;&amp;&apos;&quot;</a>", "a", "<>&'\"", []),
        ("<a>&#65;&#x42;&#x00043;&#x1F600;</a>", "a", "ABC\u{1F600}", []),
        ("<a><![CDATA[<b>&amp;]]]]><![CDATA[>]]></a>", "a", "<b>&amp;]]>", []),
        ("<a>x\r\ny\rz</a>", "a", "x\ny\nz", []),
        ("<a>x&#13;&#10;y</a>", "a", "x\r\ny", []),
        ("<a b='1' c = \"&lt;'&#60;\" d=\"'\"\n>t</a >", "a", "t", []),
        ("<a><!-- <b> & --><?pi <b>?>t</a>", "a", "t", []),
        ("<\u{C9}l\u{E9}ment\u{B7}-.9>t</\u{C9}l\u{E9}ment\u{B7}-.9>", "\u{C9}l\u{E9}ment\u{B7}-.9", "t", []),
        ("<a>]</a>", "a", "]", []),
        ("<a> \u{A0}x y\u{2028}\n</a>", "a", "x y", []),
        ("<a>]]&gt;</a>", "a", "]]>", []),
    ] as [(String, String, String, [String])])
    func accepts(document: String, name: String, text: String, children: [String]) throws {
        let tree = try XMLTree.parse(Data(document.utf8))
        #expect(tree.name == name)
        #expect(tree.text == text)
        #expect(tree.elements.map(\.name) == children)
    }

    /// Documents that are not well-formed (or that declare a DTD), each with a word the message must contain.
    @Test(arguments: [
        ("", "no root element"),
        ("  \n", "no root element"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE"),
        ("<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>", "DOCTYPE"),
        ("<a><!DOCTYPE a></a>", "DOCTYPE"),
        ("<a>&x;</a>", "undefined entity '&x;'"),
        ("<a>&lt</a>", "without ';'"),
        ("<a>& b</a>", "entity name"),
        ("<a>&#0;</a>", "invalid character"),
        ("<a>&#xD800;</a>", "invalid character"),
        ("<a>&#xFFFE;</a>", "invalid character"),
        ("<a>&#x110000;</a>", "invalid character"),
        ("<a>&#99999999999999999999;</a>", "invalid character"),
        ("<a>&#x;</a>", "malformed character reference"),
        ("<a>&#X41;</a>", "malformed character reference"),
        ("<a><b></a>", "does not match"),
        ("<a><b></b>", "unclosed element <a>"),
        ("<a>", "unclosed element"),
        ("</a>", "element name"),
        ("<a></a>text", "after the root"),
        ("<a></a><b></b>", "after the root"),
        ("text<a/>", "before the root"),
        ("<a b=\"<\"/>", "'<' in an attribute value"),
        ("<a b=\"1\" b=\"2\"/>", "duplicate attribute"),
        ("<a b=\"1\"c=\"2\"/>", "expected white space"),
        ("<a b=1/>", "quoted attribute value"),
        ("<a b/>", "expected '='"),
        ("<a b=\"&nope;\"/>", "undefined entity"),
        ("<a b=\"x/>", "unterminated attribute value"),
        ("<1a/>", "element name"),
        ("<a:/>", "qualified element name"),
        ("<:a/>", "qualified element name"),
        ("<a:b:c/>", "qualified element name"),
        ("<a>]]></a>", "']]>'"),
        ("<a><!-- x -- y --></a>", "'--' inside a comment"),
        ("<a><!-- x </a>", "unterminated comment"),
        ("<a><![CDATA[x</a>", "unterminated CDATA"),
        ("<a><?pi x</a>", "unterminated processing instruction"),
        ("<a><?xml version=\"1.0\"?></a>", "only allowed at the start"),
        (" <?xml version=\"1.0\"?><a/>", "only allowed at the start"),
        ("<?xml encoding=\"UTF-8\"?><a/>", "unexpected 'encoding'"),
        ("<?xml version=\"2.0\"?><a/>", "unsupported XML version"),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "unsupported encoding"),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "standalone"),
        ("<?xml version=\"1.0\"?", "malformed XML declaration"),
        ("<a>\u{1}</a>", "control character"),
        ("<a>\u{FFFE}</a>", "not allowed in XML"),
    ] as [(String, String)])
    func rejects(document: String, reason: String) {
        Self.expectInvalid(Data(document.utf8), reason: reason)
    }

    /// Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, past U+10FFFF, cut short.
    @Test(arguments: [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                      [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func rejectsInvalidUTF8(sequence: [UInt8]) {
        Self.expectInvalid(Data("<a>".utf8 + sequence + "</a>".utf8), reason: "invalid UTF-8 at byte 3")
        Self.expectInvalid(Data([0xFF, 0xFE] + "<a/>".utf8), reason: "invalid UTF-8 at byte 0")
    }

    @Test func nestingIsBoundedWithoutRecursion() throws {
        let depth = XMLDocumentParser.maximumDepth
        let deepest = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        var tree = try XMLTree.parse(Data(deepest.utf8))
        var levels = 1
        while let child = tree.elements.first {
            tree = child
            levels += 1
        }
        #expect(levels == depth)
        Self.expectInvalid(Data(("<a>" + deepest + "</a>").utf8), reason: "nested deeper than \(depth)")
        Self.expectInvalid(Data((String(repeating: "<a>", count: depth) + "<b/>" + String(repeating: "</a>", count: depth)).utf8),
                           reason: "nested deeper")
        // Far deeper than any stack could recurse: refused, not a crash.
        Self.expectInvalid(Data(String(repeating: "<a>", count: 1_000_000).utf8), reason: "nested deeper")
    }

    /// Every AWS answer the decoding tests use, and 500 generated documents, give FoundationXML's tree.
    @Test func agreesWithFoundationXML() throws {
        var random = SeededGenerator(state: 0x584D_4C31)
        let documents = awsResponseDocuments + (0..<500).map { _ in generatedDocument(&random) }
        for document in documents {
            let data = Data(document.utf8)
            let reference = try #require(foundationXMLTree(data), "FoundationXML refused \(document)")
            #expect(try XMLTree.parse(data) == reference, "\(document)")
        }
    }

    /// Seeded byte mutations of valid documents: the parser never crashes, and it either gives a tree or
    /// throws InvalidXML. Where it gives a tree, libxml2 must agree that the document is well-formed and
    /// give the same tree, so a mutation cannot make it accept what a mature parser refuses.
    @Test func mutatedDocumentsGiveATreeOrInvalidXML() {
        var random = SeededGenerator(state: 0x4D55_5441)
        let seeds = awsResponseDocuments + (0..<40).map { _ in generatedDocument(&random) }
        let interesting = Array("<>&;#x/!?[]-'\"= :\r\n".utf8) + [0x00, 0x80, 0xC3, 0xEF, 0xFF]
        var accepted = 0
        for round in 0..<6_000 {
            var bytes = Array(random.pick(seeds).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
                case 1: bytes.insert(random.pick(interesting), at: index)
                case 2: bytes.remove(at: index)
                default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...16, using: &random)))
                }
            }
            let data = Data(bytes)
            do throws(AWSClientError) {
                let tree = try XMLTree.parse(data)
                accepted += 1
                guard !hasProcessingInstructionWithoutData(data) else { continue }
                #expect(foundationXMLTree(data) == tree, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            } catch {
                #expect(error.code == "InvalidXML" && error.kind == .decoding, "round \(round): \(error)")
            }
        }
        // Some mutations (a flipped letter in a text) leave the document well-formed; most break it.
        #expect(accepted > 100 && accepted < 5_900)
    }

    /// Asserts that `data` is refused as InvalidXML with a message containing `reason`.
    static func expectInvalid(_ data: Data, reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do throws(AWSClientError) {
            let tree = try XMLTree.parse(data)
            Issue.record("accepted, giving \(tree)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .decoding, sourceLocation: sourceLocation)
            #expect(error.code == "InvalidXML", sourceLocation: sourceLocation)
            #expect(error.message.contains(reason), "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}
