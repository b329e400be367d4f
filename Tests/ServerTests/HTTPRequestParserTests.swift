import Foundation
import Testing
@testable import Server

/// One row of the accept/reject table: a raw request and the decision RFC 9112/9110 requires.
struct ParserCase: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: String
    /// nil: accepted; otherwise the status of the rejection.
    let status: Int?
    var testDescription: String { name }

    static func accept(_ name: String, _ raw: String) -> ParserCase { ParserCase(name: name, raw: raw, status: nil) }
    static func reject(_ name: String, _ status: Int, _ raw: String) -> ParserCase { ParserCase(name: name, raw: raw, status: status) }
}

@Suite struct HTTPRequestParserTests {
    static let long = String(repeating: "a", count: 70)

    static let cases: [ParserCase] = [
        .accept("simple GET", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .accept("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n"),
        .accept("leading empty line (RFC 9112 §2.2)", "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .accept("Content-Length body", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"),
        .accept("chunked body with extension and trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n"),
        .accept("Transfer-Encoding case-insensitive", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n"),
        .accept("absolute-form target", "GET http://a/x?y=1 HTTP/1.1\r\nHost: a\r\n\r\n"),
        .accept("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
        .accept("obs-text in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: caf\u{e9}\r\n\r\n"),
        .accept("HTAB inside a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\r\n\r\n"),
        .reject("Content-Length with Transfer-Encoding (RFC 9112 §6.1)", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        .reject("Content-Length not a number", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3x\r\n\r\nabc"),
        .reject("negative Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
        .reject("empty Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n"),
        .reject("overflowing Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
        .reject("differing duplicate Content-Length (RFC 9112 §6.3)", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        .reject("differing Content-Length list", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd"),
        .reject("chunked not last (RFC 9112 §6.3)", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
        .reject("chunked twice", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
        .reject("unknown transfer coding (RFC 9112 §6.1)", 501, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
        .reject("Transfer-Encoding in HTTP/1.0", 400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        .reject("bad chunk size", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        .reject("empty chunk size", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n"),
        .reject("overflowing chunk size", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n"),
        .reject("chunk data without CRLF", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"),
        .reject("obs-fold (RFC 9112 §5.2)", 400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
        .reject("whitespace before colon (RFC 9112 §5.1)", 400, "GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
        .reject("whitespace after the start line (RFC 9112 §2.2)", 400, "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
        .reject("bare CR in a value (RFC 9112 §2.2)", 400, "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"),
        .reject("bare LF line end", 400, "GET / HTTP/1.1\nHost: a\r\n\r\n"),
        .reject("NUL in a value (RFC 9110 §5.5)", 400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n"),
        .reject("control character in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n"),
        .reject("header line without colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n"),
        .reject("missing Host in HTTP/1.1 (RFC 9112 §3.2)", 400, "GET / HTTP/1.1\r\n\r\n"),
        .reject("repeated Host (RFC 9112 §3.2)", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        .reject("target over the limit (RFC 9112 §3)", 414, "GET /\(long) HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("header section over the limit (RFC 6585 §5)", 431, "GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 300))\r\n\r\n"),
        .reject("too many header fields", 431, "GET / HTTP/1.1\r\nHost: a\r\n" + (1...9).map { "X\($0): v\r\n" }.joined() + "\r\n"),
        .reject("unsupported version (RFC 9110 §15.6.6)", 505, "GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
        .reject("malformed version", 400, "GET / HTTP/1.1x\r\nHost: a\r\n\r\n"),
        .reject("lowercase protocol name", 400, "GET / http/1.1\r\nHost: a\r\n\r\n"),
        .reject("two spaces in the request line", 400, "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("method not a token", 400, "G(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("target with a fragment", 400, "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("target not origin or absolute form", 400, "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("asterisk target for GET", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("field name not a token", 400, "GET / HTTP/1.1\r\nHost: a\r\nX(y): v\r\n\r\n"),
        // Found by tests/hostile (scripts/hostile-http.sh, scripts/differential-http.sh):
        .reject("unrecognized method (RFC 9110 §9.1)", 501, "BREW / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("methods are case-sensitive: get is not GET", 501, "get / HTTP/1.1\r\nHost: a\r\n\r\n"),
        .reject("CONNECT, whose bytes llhttp reads as a tunnel", 501, "CONNECT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"),
        .reject("identical duplicate Content-Length (RFC 9110 §8.6 MAY reject)", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
        .reject("Content-Length list of equal values", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc"),
        .reject("Content-Length 5 and 05", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 05\r\n\r\nhello"),
        .reject("Transfer-Encoding with a trailing empty element", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n0\r\n\r\n"),
        .reject("Transfer-Encoding with a leading empty element", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked\r\n\r\n0\r\n\r\n"),
        .reject("whitespace after a chunk size", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\t;x=y\r\nhello\r\n0\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func decision(_ testCase: ParserCase) {
        let outcome = HTTPFixtures.parse(testCase.raw)
        if let status = testCase.status {
            #expect(outcome == .rejected(status))
        } else {
            guard case .accepted(let heads, _) = outcome else {
                Issue.record("rejected: \(outcome)")
                return
            }
            #expect(heads.count == 1)
        }
    }

    /// The same decisions hold when the bytes trickle in one at a time.
    @Test(arguments: cases)
    func decisionByteByByte(_ testCase: ParserCase) {
        #expect(HTTPFixtures.parse(testCase.raw, pieceSize: 1).description == HTTPFixtures.parse(testCase.raw).description)
    }

    @Test func chunkedBodyIsDecoded() {
        let outcome = HTTPFixtures.parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n", pieceSize: 5)
        #expect(outcome == .accepted(outcomeHeads(outcome), bodies: [Data("abc0123456789".utf8)]))
    }

    /// A chunk's announced size is visible before its bytes, so the connection can refuse it at once.
    @Test func announcedChunkBytesCountWhatTheSizeLinePromised() throws {
        var parser = HTTPRequestParser(configuration: HTTPFixtures.configuration)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFF\r\nab".utf8))
        #expect(parser.announcedChunkBytes == 0)
        var events: [HTTPRequestParser.Event] = []
        while let event = try parser.next() { events.append(event) }
        #expect(events.count == 2)
        #expect(events.last == .body(Data("ab".utf8)))
        #expect(parser.announcedChunkBytes == 0x7FFF_FFFF - 2)
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let raw = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhiGET /b?x=1&y=a%20b+c HTTP/1.1\r\nHost: h\r\n\r\n"
        guard case .accepted(let heads, let bodies) = HTTPFixtures.parse(raw) else {
            Issue.record("rejected")
            return
        }
        #expect(heads.map(\.path) == ["/a", "/b"])
        #expect(bodies == [Data("hi".utf8), Data()])
        #expect(heads[1].queryItems.map(\.value) == ["1", "a b c"])
        #expect(heads[0].framing == .length(2))
    }

    @Test func headerLookupIsCaseInsensitiveAndKeepsOrder() {
        guard case .accepted(let heads, _) = HTTPFixtures.parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\n\r\n") else {
            Issue.record("rejected")
            return
        }
        #expect(heads[0].headers["X-a"] == "1")
        #expect(heads[0].headers.values("X-A") == ["1", "2"])
        #expect(heads[0].headers.fields.map(\.name) == ["Host", "X-A", "x-a"])
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
    ])
    func keepAliveDefaults(raw: String, keepAlive: Bool) {
        #expect(outcomeHeads(HTTPFixtures.parse(raw)).first?.wantsKeepAlive == keepAlive)
    }

    private func outcomeHeads(_ outcome: HTTPFixtures.Outcome) -> [HTTPRequestHead] {
        if case .accepted(let heads, _) = outcome { return heads }
        return []
    }
}
