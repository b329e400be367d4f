import Foundation
import Testing
@testable import AWSClient

@Suite struct HTTPResponseParserTests {
    /// Feeds the text in pieces of `step` bytes; answers the first complete response or the error.
    private func parse(_ text: String, method: String = "POST", step: Int = .max, closeAtEnd: Bool = false,
                       limits: HTTPResponseParser.Limits = HTTPResponseParser.Limits()) throws -> (AWSHTTPResponse, Bool) {
        var parser = HTTPResponseParser(requestMethod: method, limits: limits)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + min(step, bytes.count))
            bytes[offset..<end].withUnsafeBytes { parser.append($0) }
            offset = end
            if case .complete(let response, let reusable) = try parser.parse() { return (response, reusable) }
        }
        guard closeAtEnd else { throw AWSClientError.connectionFailed("test: response incomplete") }
        return (try parser.finish(), false)
    }

    @Test func contentLengthFramesTheBody() throws {
        let (response, reusable) = try parse("HTTP/1.1 200 OK\r\nX-Amzn-RequestId: r1\r\nContent-Length: 4\r\n\r\n<a/>")
        #expect(response.status == 200)
        #expect(response.headers["x-amzn-requestid"] == "r1")
        #expect(response.body == Data("<a/>".utf8))
        #expect(reusable)
    }

    /// Every split point of a chunked response with extensions and trailers gives the same body.
    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunkedWithExtensionsAndTrailersParsesAtAnySplit(step: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;name=value\r\n<Res\r\nA ; quoted=\"x\"\r\nponse/>abc\r\n0\r\nX-Trailer: t\r\n\r\n"
        let (response, reusable) = try parse(text, step: step)
        #expect(String(decoding: response.body, as: UTF8.self) == "<Response/>abc")
        #expect(reusable)
    }

    @Test func aCloseDelimitedBodyEndsAtTheClose() throws {
        let (response, reusable) = try parse("HTTP/1.1 200 OK\r\n\r\nall of it", closeAtEnd: true)
        #expect(response.body == Data("all of it".utf8))
        #expect(!reusable)
    }

    @Test(arguments: [("HEAD", 200), ("POST", 204), ("POST", 304)])
    func noBodyForHeadAnd204And304(method: String, status: Int) throws {
        let (response, reusable) = try parse("HTTP/1.1 \(status) X\r\nContent-Length: 10\r\n\r\n", method: method)
        #expect(response.status == status)
        #expect(response.body.isEmpty)
        #expect(reusable)
    }

    @Test func interimResponsesAreSkipped() throws {
        let (response, _) = try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(response.status == 200)
        #expect(response.body == Data("ok".utf8))
    }

    @Test(arguments: ["Connection: close\r\n", "Connection: keep-alive, Close\r\n"])
    func connectionCloseMakesItNotReusable(field: String) throws {
        let (_, reusable) = try parse("HTTP/1.1 200 OK\r\n\(field)Content-Length: 0\r\n\r\n")
        #expect(!reusable)
    }

    @Test func http10IsNotKept() throws {
        let (_, reusable) = try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(!reusable)
    }

    @Test func repeatedFieldsCombine() throws {
        let (response, _) = try parse("HTTP/1.1 200 OK\r\nVia: a\r\nVia: b\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
        #expect(response.headers["via"] == "a, b")
        #expect(response.body == Data("ok".utf8))
    }

    /// Each malformed response is refused with a message saying what was wrong.
    @Test(arguments: [
        ("HTTP/2 200 OK\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 20 OK\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 999 OK\r\n\r\n", "malformed status line"),
        ("garbage\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 200 OK\nContent-Length: 0\n\n", "bare LF"),
        ("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "without a colon"),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "invalid header field name"),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", "invalid header field name"),
        ("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", "obsolete line folding"),
        ("HTTP/1.1 200 OK\r\nA: b\u{1}c\r\n\r\n", "control byte"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "conflicting Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", "conflicting Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", "both Transfer-Encoding and Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1 x\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n", "chunk size overflows"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\n", "body exceeds"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXY", "chunk data not followed by CRLF"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "101"),
    ])
    func malformedResponsesAreRefused(text: String, reason: String) {
        #expect { try parse(text) } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: reason) }
    }

    @Test func anOversizedHeaderSectionIsRefused() {
        let text = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        #expect { try parse(text, step: 4096) } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "exceeds 64 KiB") }
    }

    @Test func tooManyHeaderFieldsAreRefused() {
        let text = "HTTP/1.1 200 OK\r\n" + String(repeating: "A: b\r\n", count: 201) + "\r\n"
        #expect { try parse(text) } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "more than 200") }
    }

    @Test func aBodyOverTheCapIsRefused() {
        var limits = HTTPResponseParser.Limits()
        limits.maxBodyBytes = 8
        #expect { try parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", limits: limits) } throws: {
            isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "body exceeds")
        }
        #expect { try parse("HTTP/1.1 200 OK\r\n\r\n0123456789", closeAtEnd: true, limits: limits) } throws: {
            isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "body exceeds")
        }
    }

    @Test(arguments: [
        ("", "before any response"),
        ("HTTP/1.1 200 OK\r\nContent-", "inside the header section"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", "before the body was complete"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "before the body was complete"),
    ])
    func aTruncatedResponseIsAnError(text: String, reason: String) {
        #expect { try parse(text, closeAtEnd: true) } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: reason) }
    }

    @Test func bytesBeyondTheResponseMakeTheConnectionUnusable() throws {
        let (response, reusable) = try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n")
        #expect(response.body == Data("ok".utf8))
        #expect(!reusable)
    }
}
